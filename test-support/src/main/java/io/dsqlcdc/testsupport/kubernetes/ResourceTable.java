package io.dsqlcdc.testsupport.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} an API server returns when kubectl asks for
 * {@code application/json;as=Table}. A custom resource's columns are its CRD's {@code additionalPrinterColumns}
 * (after Name, as the API server adds it); the built-in kinds the sandbox has get the columns kubectl shows for them
 * on a real cluster; any other kind gets Name and Age.
 */
final class ResourceTable {
  private static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating "
      + "resources, although some resources may allow a client to request the generation of an appropriate name "
      + "automatically. Name is primarily intended for creation idempotence and configuration definition.";

  /** One column: its definition and how a row's cell is computed from the object. */
  record Column(String name, String type, String format, String description, int priority,
      Function<JsonNode, Object> cell) {
  }

  private final ObjectMapper json;
  private final List<Column> columns;

  private ResourceTable(ObjectMapper json, List<Column> columns) {
    this.json = json;
    this.columns = columns;
  }

  /** The columns of a resource type: from its CRD when it has one (for {@code version}), else built in. */
  static ResourceTable of(ObjectMapper json, String plural, JsonNode crd, String version) {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("Name", "string", "name", NAME_DESCRIPTION, 0, o -> o.path("metadata").path("name").asText()));
    if (crd != null) {
      columns.addAll(printerColumns(crd, version));
    } else {
      columns.addAll(builtIn(plural));
    }
    return new ResourceTable(json, columns);
  }

  /** A Table of {@code objects}; {@code includeObject} is the request's None, Metadata (default) or Object. */
  ObjectNode render(List<JsonNode> objects, String includeObject, String resourceVersion, boolean withHeaders) {
    ObjectNode table = json.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode definitions = table.putArray("columnDefinitions");
    if (withHeaders) {
      for (Column c : columns) {
        definitions.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
            .put("description", c.description()).put("priority", c.priority());
      }
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column c : columns) {
        cells.add(json.valueToTree(c.cell().apply(object)));
      }
      if ("Object".equals(includeObject)) {
        row.set("object", object);
      } else if (!"None".equals(includeObject)) {
        row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1")
            .set("metadata", object.path("metadata"));
      }
    }
    return table;
  }

  private static List<Column> printerColumns(JsonNode crd, String version) {
    JsonNode printed = null;
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        printed = v.path("additionalPrinterColumns");
      }
    }
    List<Column> columns = new ArrayList<>();
    if (printed == null || printed.isEmpty()) {
      columns.add(age());
      return columns;
    }
    for (JsonNode c : printed) {
      SimpleJsonPath path = SimpleJsonPath.parse(c.path("jsonPath").asText());
      String type = c.path("type").asText("string");
      columns.add(new Column(c.path("name").asText(), type, c.path("format").asText(""),
          c.path("description").asText(""), c.path("priority").asInt(0), o -> cell(type, path.select(o))));
    }
    return columns;
  }

  /** As the API server's CRD table convertor: the first selected value, typed as the column says, else null. */
  private static Object cell(String type, List<JsonNode> values) {
    if (values.isEmpty() || values.get(0).isNull() || values.get(0).isMissingNode()) {
      return null;
    }
    JsonNode value = values.get(0);
    return switch (type) {
      case "integer" -> value.canConvertToLong() ? value.asLong() : null;
      case "number" -> value.isNumber() ? value.asDouble() : null;
      case "boolean" -> value.isBoolean() ? value.asBoolean() : null;
      case "date" -> value.isTextual() ? humanAge(value.asText()) : null;
      default -> value.isValueNode() ? value.asText() : value.toString();
    };
  }

  private static List<Column> builtIn(String plural) {
    return switch (plural) {
      case "deployments" -> List.of(
          column("Ready", o -> intAt(o, "/status/readyReplicas") + "/" + o.path("spec").path("replicas").asInt(1)),
          integer("Up-to-date", o -> intAt(o, "/status/updatedReplicas")),
          integer("Available", o -> intAt(o, "/status/availableReplicas")),
          age(),
          wide("Containers", o -> join(o.at("/spec/template/spec/containers"), "name")),
          wide("Images", o -> join(o.at("/spec/template/spec/containers"), "image")),
          wide("Selector", o -> labels(o.at("/spec/selector/matchLabels"))));
      case "services" -> List.of(
          column("Type", o -> o.path("spec").path("type").asText("ClusterIP")),
          column("Cluster-IP", o -> o.path("spec").path("clusterIP").asText("<none>")),
          column("External-IP", o -> "<none>"),
          column("Port(s)", ResourceTable::servicePorts),
          age(),
          wide("Selector", o -> labels(o.path("spec").path("selector"))));
      case "configmaps" -> List.of(integer("Data", o -> o.path("data").size() + o.path("binaryData").size()), age());
      case "secrets" -> List.of(column("Type", o -> o.path("type").asText("Opaque")),
          integer("Data", o -> o.path("data").size() + o.path("stringData").size()), age());
      case "namespaces" -> List.of(column("Status", o -> o.path("status").path("phase").asText("Active")), age());
      case "events" -> List.of(
          column("Last Seen", o -> humanAge(o.path("lastTimestamp").asText(o.path("eventTime").asText("")))),
          column("Type", o -> o.path("type").asText()),
          column("Reason", o -> o.path("reason").asText()),
          column("Object", o -> o.path("involvedObject").path("kind").asText().toLowerCase(java.util.Locale.ROOT)
              + "/" + o.path("involvedObject").path("name").asText()),
          column("Message", o -> o.path("message").asText()));
      default -> List.of(age());
    };
  }

  private static Column column(String name, Function<JsonNode, Object> cell) {
    return new Column(name, "string", "", "", 0, cell);
  }

  private static Column integer(String name, Function<JsonNode, Object> cell) {
    return new Column(name, "integer", "", "", 0, cell);
  }

  private static Column wide(String name, Function<JsonNode, Object> cell) {
    return new Column(name, "string", "", "", 1, cell);
  }

  private static Column age() {
    return new Column("Age", "date", "", "", 0,
        o -> humanAge(o.path("metadata").path("creationTimestamp").asText("")));
  }

  private static int intAt(JsonNode o, String pointer) {
    return o.at(pointer).asInt(0);
  }

  private static String join(JsonNode items, String field) {
    List<String> values = new ArrayList<>();
    items.forEach(i -> values.add(i.path(field).asText()));
    return String.join(",", values);
  }

  private static String labels(JsonNode map) {
    if (map.isEmpty()) {
      return "<none>";
    }
    List<String> pairs = new ArrayList<>();
    map.fields().forEachRemaining(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
    return String.join(",", pairs);
  }

  private static String servicePorts(JsonNode service) {
    List<String> ports = new ArrayList<>();
    service.path("spec").path("ports").forEach(p -> ports.add(p.path("port").asText() + "/"
        + p.path("protocol").asText("TCP")));
    return ports.isEmpty() ? "<none>" : ports.stream().collect(Collectors.joining(","));
  }

  /** The time since {@code timestamp} as kubectl prints ages (k8s.io/apimachinery's HumanDuration). */
  static String humanAge(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return "<unknown>";
    }
    try {
      return humanDuration(Duration.between(Instant.parse(timestamp), Instant.now()));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }

  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 180) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
