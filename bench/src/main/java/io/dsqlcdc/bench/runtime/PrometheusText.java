package io.dsqlcdc.bench.runtime;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sums samples out of a Prometheus text exposition, by metric name and label values. */
public final class PrometheusText {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)");

  private final String text;

  public PrometheusText(String text) {
    this.text = text;
  }

  /** The sum of every sample named {@code name} whose labels include each {@code label="value"} given. */
  public double sum(String name, String... labels) {
    double total = 0;
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.find() || !m.group(1).equals(name)) {
        continue;
      }
      String labelText = m.group(2) == null ? "" : m.group(2);
      boolean matches = true;
      for (String label : labels) {
        matches &= labelText.contains(label);
      }
      if (matches) {
        total += Double.parseDouble(m.group(3));
      }
    }
    return total;
  }
}
