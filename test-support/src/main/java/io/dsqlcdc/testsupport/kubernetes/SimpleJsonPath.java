package io.dsqlcdc.testsupport.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset a CRD's {@code additionalPrinterColumns} may use (the API server accepts "simple" paths only):
 * fields ({@code .status.phase}), list indexes ({@code .items[0]}), wildcards ({@code [*]}) and equality filters
 * ({@code .status.conditions[?(@.type=="Ready")].status}).
 */
final class SimpleJsonPath {
  private static final Pattern STEP = Pattern.compile(
      "\\.([A-Za-z0-9_-]+)|\\[(\\d+)]|\\[\\*]|\\[\\?\\(@\\.([A-Za-z0-9_.-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)]");

  private final List<MatchResult> steps;

  private SimpleJsonPath(List<MatchResult> steps) {
    this.steps = steps;
  }

  static SimpleJsonPath parse(String expression) {
    String path = expression.strip();
    if (path.startsWith("{") && path.endsWith("}")) {
      path = path.substring(1, path.length() - 1);
    }
    if (path.startsWith("$")) {
      path = path.substring(1);
    }
    List<MatchResult> steps = new ArrayList<>();
    Matcher m = STEP.matcher(path);
    int at = 0;
    while (at < path.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("unsupported JSONPath " + expression + " at " + path.substring(at));
      }
      steps.add(m.toMatchResult());
      at = m.end();
    }
    return new SimpleJsonPath(steps);
  }

  /** Every value the path selects, in document order. */
  List<JsonNode> select(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (MatchResult step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        if (step.group(1) != null) {
          if (node.has(step.group(1))) {
            next.add(node.get(step.group(1)));
          }
        } else if (step.group(2) != null) {
          if (node.has(Integer.parseInt(step.group(2)))) {
            next.add(node.get(Integer.parseInt(step.group(2))));
          }
        } else if (step.group(3) != null) {
          for (JsonNode item : node) {
            JsonNode field = item.at("/" + step.group(3).replace('.', '/'));
            if (field.isValueNode() && field.asText().equals(step.group(4))) {
              next.add(item);
            }
          }
        } else {
          node.forEach(next::add);
        }
      }
      current = next;
    }
    return current;
  }
}
