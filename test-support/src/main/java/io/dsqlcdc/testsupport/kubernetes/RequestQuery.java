package io.dsqlcdc.testsupport.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's path and query parameters, with its field selector split in two: what fabric8's mock matches itself
 * ({@code metadata.name}, {@code metadata.namespace}) and the rest (e.g. {@code involvedObject.uid}, which
 * {@code kubectl describe} sends for events), filtered here on the objects' JSON.
 */
final class RequestQuery {
  private static final List<String> MOCK_FIELDS = List.of("metadata.name", "metadata.namespace");

  /** One requirement of a field selector: {@code field=value}, {@code field==value} or {@code field!=value}. */
  record FieldRequirement(String field, String value, boolean equal) {
    boolean matches(JsonNode object) {
      JsonNode node = object.at("/" + field.replace('.', '/'));
      String actual = node.isValueNode() ? node.asText() : "";
      return actual.equals(value) == equal;
    }
  }

  private final String path;
  private final Map<String, String> parameters;
  private final List<FieldRequirement> filters = new ArrayList<>();
  private final String mockPath;

  RequestQuery(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    this.path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    this.parameters = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : pathAndQuery.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        parameters.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    List<String> kept = new ArrayList<>();
    String selector = parameters.getOrDefault("fieldSelector", "");
    for (String requirement : selector.isEmpty() ? new String[0] : selector.split(",")) {
      boolean notEqual = requirement.contains("!=");
      String[] sides = requirement.split(notEqual ? "!=" : "==?", 2);
      String field = sides[0].strip();
      if (MOCK_FIELDS.contains(field)) {
        kept.add(requirement);
      } else {
        filters.add(new FieldRequirement(field, sides.length > 1 ? sides[1].strip() : "", !notEqual));
      }
    }
    StringBuilder rebuilt = new StringBuilder(path);
    char separator = '?';
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      String value = p.getKey().equals("fieldSelector") ? String.join(",", kept) : p.getValue();
      if (!value.isEmpty() && (p.getKey().equals("labelSelector") || p.getKey().equals("fieldSelector"))) {
        rebuilt.append(separator).append(p.getKey()).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        separator = '&';
      }
    }
    this.mockPath = rebuilt.toString();
  }

  String path() {
    return path;
  }

  /** The path with only the selectors fabric8's mock understands. */
  String mockPath() {
    return mockPath;
  }

  String parameter(String name) {
    return parameters.get(name);
  }

  boolean flag(String name) {
    String value = parameters.get(name);
    return "true".equals(value) || "1".equals(value);
  }

  boolean matchesFilters(JsonNode object) {
    return filters.stream().allMatch(f -> f.matches(object));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
