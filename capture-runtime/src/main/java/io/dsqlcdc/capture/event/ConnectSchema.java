package io.dsqlcdc.capture.event;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A Kafka Connect schema as JsonConverter writes it: type, optional, and for semantic types a name, version and
 * parameters. Field schemas add {@code field}.
 */
public record ConnectSchema(String type, String name, Map<String, String> parameters, ConnectSchema items) {
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  public static ConnectSchema of(String type) {
    return new ConnectSchema(type, null, Map.of(), null);
  }

  public static ConnectSchema named(String type, String name) {
    return new ConnectSchema(type, name, Map.of(), null);
  }

  public ConnectSchema withParameters(Map<String, String> more) {
    java.util.LinkedHashMap<String, String> all = new java.util.LinkedHashMap<>(parameters);
    all.putAll(more);
    return new ConnectSchema(type, name, all, items);
  }

  public static ConnectSchema arrayOf(ConnectSchema items) {
    return new ConnectSchema("array", null, Map.of(), items);
  }

  /** This schema as JsonConverter writes it, with {@code optional} and, when given, {@code field}. */
  public ObjectNode toJson(boolean optional, String field) {
    ObjectNode node = JSON.objectNode();
    node.put("type", type);
    if (items != null) {
      node.set("items", items.toJson(true, null));
    }
    node.put("optional", optional);
    if (name != null) {
      node.put("name", name);
      node.put("version", 1);
    }
    if (!parameters.isEmpty()) {
      ObjectNode params = node.putObject("parameters");
      parameters.forEach(params::put);
    }
    if (field != null) {
      node.put("field", field);
    }
    return node;
  }
}
