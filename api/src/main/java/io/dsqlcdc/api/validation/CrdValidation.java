package io.dsqlcdc.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a Kubernetes API server checks when a resource of the CRD is written: the OpenAPI v3 schema's single-field
 * keywords (type, enum, pattern, ranges, sizes, required) and the {@code x-kubernetes-validations} CEL rules,
 * evaluated with the CEL Java library. Errors read as the API server words them, e.g.
 * {@code spec.source.pool: Invalid value: "object": pool.minIdle must not exceed pool.maxSize}.
 *
 * <p>Needs {@code dev.cel:cel} on the classpath, which the api module declares optional: only tests and the
 * sandbox's API server use this class, never the operator or the runtime.
 */
public final class CrdValidation {
  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .build();

  /**
   * One CEL rule of the schema: where it applies (property names, {@code []} for every list item), its expression
   * and the message the API server gives when it is false.
   */
  public record Rule(List<String> path, String expression, String message, CelRuntime.Program program) {
    public Rule {
      path = List.copyOf(path);
    }

    @Override
    public String toString() {
      return "/" + String.join("/", path) + ": " + message;
    }
  }

  /** One error: the field (e.g. {@code spec.tables[0].name}), its kind and the API server's text for it. */
  public record FieldError(String field, Kind kind, String detail) {
    /** The API server's error causes' {@code reason}. */
    public enum Kind {
      REQUIRED("FieldValueRequired"), INVALID("FieldValueInvalid"), NOT_SUPPORTED("FieldValueNotSupported"),
      TOO_MANY("FieldValueTooMany");

      private final String reason;

      Kind(String reason) {
        this.reason = reason;
      }

      public String reason() {
        return reason;
      }
    }

    @Override
    public String toString() {
      return field + ": " + detail;
    }
  }

  private final JsonNode schema;
  private final List<Rule> rules = new ArrayList<>();

  private CrdValidation(JsonNode schema) {
    this.schema = schema;
    collectRules(schema, new ArrayList<>());
  }

  /** The checks of the CRD's first version; fails when a rule does not compile. */
  public static CrdValidation of(JsonNode crd) {
    JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    if (schema.isMissingNode()) {
      throw new IllegalArgumentException("the CRD has no openAPIV3Schema in spec.versions[0]");
    }
    return new CrdValidation(schema);
  }

  public List<Rule> rules() {
    return List.copyOf(rules);
  }

  /** Every error a write of {@code resource} gets: schema errors first, then broken rules, as the API server lists them. */
  public List<FieldError> validate(JsonNode resource) {
    List<FieldError> errors = new ArrayList<>(schemaErrors(resource));
    for (Rule rule : rules) {
      for (Located at : locate(resource, rule.path())) {
        if (!holds(rule, at.value())) {
          errors.add(new FieldError(at.field(), FieldError.Kind.INVALID,
              "Invalid value: \"" + typeName(at.value()) + "\": " + rule.message()));
        }
      }
    }
    return errors;
  }

  /** The rules {@code resource} breaks, each once. */
  public List<Rule> brokenRules(JsonNode resource) {
    return rules.stream()
        .filter(rule -> locate(resource, rule.path()).stream().anyMatch(at -> !holds(rule, at.value())))
        .toList();
  }

  /** Whether a rule applies to {@code resource} at all (its path exists in it). */
  public boolean applies(Rule rule, JsonNode resource) {
    return !locate(resource, rule.path()).isEmpty();
  }

  /** The errors of the OpenAPI keywords alone. */
  public List<FieldError> schemaErrors(JsonNode resource) {
    List<FieldError> errors = new ArrayList<>();
    check(schema, resource, "", errors);
    return errors;
  }

  /**
   * The fields the schema does not declare (e.g. {@code spec.sink.topicPrefx}), which a real API server prunes or,
   * with {@code fieldValidation=Strict} (kubectl's default), refuses. The root's apiVersion, kind and metadata are
   * the API server's own.
   */
  public List<String> unknownFields(JsonNode resource) {
    List<String> unknown = new ArrayList<>();
    undeclared(schema, resource, "", unknown, false);
    return unknown;
  }

  /** Removes the fields the schema does not declare, as the API server prunes them; returns their names. */
  public List<String> prune(JsonNode resource) {
    List<String> unknown = new ArrayList<>();
    undeclared(schema, resource, "", unknown, true);
    return unknown;
  }

  private static void undeclared(JsonNode schema, JsonNode value, String field, List<String> unknown, boolean prune) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (value instanceof ObjectNode object) {
      List<String> undeclaredHere = new ArrayList<>();
      object.fields().forEachRemaining(e -> {
        if (field.isEmpty() && List.of("apiVersion", "kind", "metadata").contains(e.getKey())) {
          return;
        }
        JsonNode property = schema.path("properties").path(e.getKey());
        if (!property.isMissingNode()) {
          undeclared(property, e.getValue(), child(field, e.getKey()), unknown, prune);
        } else if (schema.path("additionalProperties").isObject()) {
          undeclared(schema.get("additionalProperties"), e.getValue(), child(field, e.getKey()), unknown, prune);
        } else if (!schema.path("additionalProperties").asBoolean(false)) {
          undeclaredHere.add(e.getKey());
          unknown.add(child(field, e.getKey()));
        }
      });
      if (prune) {
        object.remove(undeclaredHere);
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        undeclared(schema.path("items"), value.get(i), field + "[" + i + "]", unknown, prune);
      }
    }
  }

  private static boolean holds(Rule rule, JsonNode self) {
    try {
      Object result = rule.program().eval(Map.of("self", toCel(self)));
      return Boolean.TRUE.equals(result);
    } catch (CelEvaluationException e) {
      return false;
    }
  }

  private void collectRules(JsonNode node, List<String> path) {
    for (JsonNode v : node.path("x-kubernetes-validations")) {
      String expression = v.get("rule").asText();
      try {
        rules.add(new Rule(path, expression, v.get("message").asText(),
            CEL.createProgram(CEL.compile(expression).getAst())));
      } catch (CelValidationException | CelEvaluationException e) {
        throw new IllegalArgumentException("rule at /" + String.join("/", path) + " does not compile: " + expression, e);
      }
    }
    node.path("properties").fields().forEachRemaining(p -> {
      List<String> child = new ArrayList<>(path);
      child.add(p.getKey());
      collectRules(p.getValue(), child);
    });
    if (node.has("items")) {
      List<String> child = new ArrayList<>(path);
      child.add("[]");
      collectRules(node.get("items"), child);
    }
  }

  private record Located(String field, JsonNode value) {
  }

  private static List<Located> locate(JsonNode root, List<String> path) {
    List<Located> current = List.of(new Located("", root));
    for (String step : path) {
      List<Located> next = new ArrayList<>();
      for (Located at : current) {
        if (step.equals("[]")) {
          for (int i = 0; i < at.value().size(); i++) {
            next.add(new Located(at.field() + "[" + i + "]", at.value().get(i)));
          }
        } else if (at.value().has(step)) {
          next.add(new Located(at.field().isEmpty() ? step : at.field() + "." + step, at.value().get(step)));
        }
      }
      current = next;
    }
    return current;
  }

  /** The value as CEL sees JSON: maps, lists, strings, longs, doubles, booleans. */
  private static Object toCel(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      n.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (n.isArray()) {
      List<Object> list = new ArrayList<>();
      n.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (n.isIntegralNumber()) {
      return n.asLong();
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    return n.asText();
  }

  private static String typeName(JsonNode value) {
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    return value.isBoolean() ? "boolean" : "string";
  }

  /** The value as the API server prints it in an error: strings quoted, numbers and booleans as they are. */
  private static String shown(JsonNode value) {
    return value.isTextual() ? "\"" + value.asText() + "\"" : value.isContainerNode() ? "\"" + typeName(value) + "\""
        : value.toString();
  }

  private static void check(JsonNode schema, JsonNode value, String field, List<FieldError> errors) {
    if (value.isNull()) {
      return;
    }
    String type = schema.path("type").asText("");
    boolean typeOk = switch (type) {
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      default -> true;
    };
    if (!typeOk) {
      errors.add(new FieldError(field, FieldError.Kind.INVALID, "Invalid value: \"" + typeName(value) + "\": "
          + field + " in body must be of type " + type + ": \"" + typeName(value) + "\""));
      return;
    }
    if (schema.has("enum")) {
      List<String> allowed = new ArrayList<>();
      boolean listed = false;
      for (JsonNode option : schema.get("enum")) {
        listed |= option.equals(value);
        allowed.add(shown(option));
      }
      if (!listed) {
        errors.add(new FieldError(field, FieldError.Kind.NOT_SUPPORTED,
            "Unsupported value: " + shown(value) + ": supported values: " + String.join(", ", allowed)));
      }
    }
    if (schema.has("pattern") && value.isTextual()
        && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
      errors.add(new FieldError(field, FieldError.Kind.INVALID, "Invalid value: " + shown(value) + ": " + field
          + " in body should match '" + schema.get("pattern").asText() + "'"));
    }
    if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
      errors.add(new FieldError(field, FieldError.Kind.INVALID, "Invalid value: " + shown(value) + ": " + field
          + " in body should be greater than or equal to " + number(schema.get("minimum"))));
    }
    if (schema.has("maximum") && value.isNumber() && value.asDouble() > schema.get("maximum").asDouble()) {
      errors.add(new FieldError(field, FieldError.Kind.INVALID, "Invalid value: " + shown(value) + ": " + field
          + " in body should be less than or equal to " + number(schema.get("maximum"))));
    }
    if (value.isArray()) {
      if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
        errors.add(new FieldError(field, FieldError.Kind.INVALID, "Invalid value: " + value.size() + ": " + field
            + " in body should have at least " + schema.get("minItems").asInt() + " items"));
      }
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
        errors.add(new FieldError(field, FieldError.Kind.TOO_MANY,
            "Too many: " + value.size() + ": must have at most " + schema.get("maxItems").asInt() + " items"));
      }
      for (int i = 0; i < value.size(); i++) {
        check(schema.path("items"), value.get(i), field + "[" + i + "]", errors);
      }
    }
    if (value.isObject()) {
      for (JsonNode required : schema.path("required")) {
        if (!value.has(required.asText())) {
          errors.add(new FieldError(child(field, required.asText()), FieldError.Kind.REQUIRED, "Required value"));
        }
      }
      value.fields().forEachRemaining(e -> {
        JsonNode property = schema.path("properties").path(e.getKey());
        if (!property.isMissingNode()) {
          check(property, e.getValue(), child(field, e.getKey()), errors);
        } else if (schema.path("additionalProperties").isObject()) {
          check(schema.get("additionalProperties"), e.getValue(), child(field, e.getKey()), errors);
        }
      });
    }
  }

  private static String child(String field, String name) {
    return field.isEmpty() ? name : field + "." + name;
  }

  private static String number(JsonNode bound) {
    return bound.asDouble() == Math.rint(bound.asDouble()) ? Long.toString(bound.asLong()) : bound.asText();
  }

  /** The errors as the API server joins them into a Status message. */
  public static String describe(List<FieldError> errors) {
    String joined = errors.stream().map(FieldError::toString).collect(Collectors.joining(", "));
    return errors.size() == 1 ? joined : "[" + joined + "]";
  }
}
