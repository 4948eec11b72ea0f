package io.dsqlcdc.bench.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results as Markdown: machine facts, one table (a column per subject; a peer's or limit's cell also shows the
 * runtime's figure divided by it), then notes. The same text is printed and written to RESULTS.md.
 */
public final class ResultsReport {
  private final String title;
  private final Instant startedAt;
  private final Duration elapsed;
  private final Map<String, String> facts;
  private final List<ResultRow> rows;
  private final List<String> notes;

  public ResultsReport(String title, Instant startedAt, Duration elapsed, Map<String, String> facts,
                       List<ResultRow> rows, List<String> notes) {
    this.title = title;
    this.startedAt = startedAt;
    this.elapsed = elapsed;
    this.facts = facts;
    this.rows = List.copyOf(rows);
    this.notes = List.copyOf(notes);
  }

  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# ").append(title).append("\n\n");
    out.append("Run started ").append(startedAt).append(", took ").append(elapsed.toSeconds()).append(" s.\n\n");
    facts.forEach((name, value) -> out.append("- ").append(name).append(": ").append(value).append('\n'));
    out.append("\nA peer's or limit's cell reads `figure (runtime / figure)`. Targets are reported, never asserted.\n\n");
    List<String> header = new ArrayList<>(List.of("Scenario", "Metric"));
    for (Subject subject : Subject.values()) {
      header.add(subject.heading());
    }
    header.addAll(List.of("Target", "Met"));
    out.append(line(header));
    out.append(line(header.stream().map(h -> "---").toList()));
    for (ResultRow row : rows) {
      List<String> cells = new ArrayList<>(List.of(row.scenario(), row.metric() + " (" + row.unit() + ")"));
      Double runtime = row.figure(Subject.RUNTIME);
      for (Subject subject : Subject.values()) {
        cells.add(cell(row.figure(subject), subject == Subject.RUNTIME ? null : runtime));
      }
      cells.add(row.target() == null ? "" : row.target());
      cells.add(row.verdict() == null ? (row.target() == null ? "" : "n/a") : row.verdict() ? "yes" : "**no**");
      out.append(line(cells));
    }
    List<String> rowNotes = rows.stream().filter(r -> r.note() != null)
        .map(r -> r.scenario() + " / " + r.metric() + ": " + r.note()).toList();
    if (!notes.isEmpty() || !rowNotes.isEmpty()) {
      out.append("\nNotes:\n\n");
      notes.forEach(note -> out.append("- ").append(note).append('\n'));
      rowNotes.forEach(note -> out.append("- ").append(note).append('\n'));
    }
    return out.toString();
  }

  private static String cell(Double figure, Double runtime) {
    if (figure == null) {
      return "";
    }
    String text = number(figure);
    if (runtime != null && figure != 0) {
      text += String.format(Locale.ROOT, " (%.2fx)", runtime / figure);
    }
    return text;
  }

  static String number(double value) {
    if (Math.abs(value) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String line(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }
}
