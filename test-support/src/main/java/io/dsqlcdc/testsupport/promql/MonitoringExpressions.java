package io.dsqlcdc.testsupport.promql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every PromQL expression of a monitoring folder: the {@code expr} of each rule of each PrometheusRule
 * ({@code *.yaml}) and of each panel target of each Grafana dashboard ({@code *.json}), with Grafana's own variables
 * replaced as Grafana replaces them before it sends a query.
 */
public final class MonitoringExpressions {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Grafana's interval variables, as one value each would be interpolated. */
  private static final Map<String, String> GRAFANA_INTERVALS = Map.of(
      "$__rate_interval", "2m", "$__interval", "1m", "$__range", "1h");
  private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.*),\\s*\\w+\\)$");

  /**
   * One expression and where it is.
   *
   * @param where file and rule or panel, e.g. {@code prometheus-rule.yaml: alert DsqlCdcTableFailing}
   */
  public record Expression(String where, String promql) {
  }

  private MonitoringExpressions() {
  }

  public static List<Expression> in(Path dir) {
    List<Expression> out = new ArrayList<>();
    documents(dir, ".json").forEach((name, doc) -> dashboard(name, doc, out));
    prometheusRules(dir).forEach((name, doc) -> rules(name, doc, out));
    return out;
  }

  /** The alerting rules of every PrometheusRule in the folder. */
  public static List<JsonNode> alerts(Path dir) {
    List<JsonNode> alerts = new ArrayList<>();
    prometheusRules(dir).values().forEach(doc -> doc.at("/spec/groups").forEach(g -> g.path("rules").forEach(r -> {
      if (r.has("alert")) {
        alerts.add(r);
      }
    })));
    return alerts;
  }

  private static Map<String, JsonNode> prometheusRules(Path dir) {
    Map<String, JsonNode> rules = new TreeMap<>(documents(dir, ".yaml"));
    rules.values().removeIf(doc -> !"PrometheusRule".equals(doc.path("kind").asText()));
    return rules;
  }

  /** File name to content of each file of the folder with this ending (YAML or JSON). */
  private static Map<String, JsonNode> documents(Path dir, String ending) {
    Map<String, JsonNode> docs = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(ending)).toList()) {
        docs.put(file.getFileName().toString(), (ending.equals(".json") ? JSON : YAML).readTree(file.toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    return docs;
  }

  private static void rules(String file, JsonNode rule, List<Expression> out) {
    rule.at("/spec/groups").forEach(group -> group.path("rules").forEach(r -> out.add(new Expression(
        file + ": " + (r.has("alert") ? "alert " + r.path("alert").asText() : "record " + r.path("record").asText()),
        r.path("expr").asText()))));
  }

  private static void dashboard(String file, JsonNode dashboard, List<Expression> out) {
    for (JsonNode panel : panels(dashboard)) {
      panel.path("targets").forEach(t -> {
        if (t.hasNonNull("expr")) {
          out.add(new Expression(file + ": panel \"" + panel.path("title").asText() + "\" " + t.path("refId").asText(),
              interpolate(t.path("expr").asText())));
        }
      });
    }
    dashboard.at("/templating/list").forEach(v -> {
      if ("query".equals(v.path("type").asText())) {
        String query = v.path("query").isObject() ? v.at("/query/query").asText() : v.path("query").asText();
        // label_values(<selector>, <label>) is Grafana's, not PromQL: its selector is
        Matcher m = LABEL_VALUES.matcher(query);
        if (m.matches()) {
          out.add(new Expression(file + ": variable " + v.path("name").asText(), interpolate(m.group(1))));
        }
      }
    });
  }

  /** Panels at the top and inside rows. */
  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(p -> {
      panels.add(p);
      p.path("panels").forEach(panels::add);
    });
    return panels;
  }

  private static String interpolate(String expr) {
    String out = expr;
    for (Map.Entry<String, String> e : GRAFANA_INTERVALS.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }
}
