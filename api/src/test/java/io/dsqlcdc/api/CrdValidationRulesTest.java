package io.dsqlcdc.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evaluates every {@code x-kubernetes-validations} rule of the committed CRD with the CEL Java library, against
 * valid pipelines (every rule holds) and against invalid ones that each break exactly one rule. Every rule must be
 * broken by some sample, so a rule added to the model without a sample fails here. The schema's own patterns,
 * enums, ranges and required fields are checked against samples the same way, by a small evaluator of those keywords.
 */
class CrdValidationRulesTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Cel CEL = CelFactory.standardCelBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .build();

  /** One rule, where it applies (a path of property names, {@code []} for every list item) and its program. */
  record Rule(List<String> path, String expression, String message, CelRuntime.Program program) {
    @Override
    public String toString() {
      return "/" + String.join("/", path) + ": " + message;
    }
  }

  static JsonNode schema;
  static List<Rule> rules;

  @BeforeAll
  static void loadCrd() throws Exception {
    JsonNode crd = YAML.readTree(Path.of("../crds/dsqlcdcpipelines.dsqlcdc.io-v1.yml").toFile());
    schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    rules = new ArrayList<>();
    collectRules(schema, new ArrayList<>());
  }

  static final String VALID = """
      apiVersion: dsqlcdc.io/v1alpha1
      kind: DsqlCdcPipeline
      metadata: {name: car-entities, namespace: cdc}
      spec:
        state: running
        source:
          endpoints: [vftmkydwxvxys6asbsc6ih2the.dsql-fnh4.us-east-1.on.aws, abcdefghijklmnopqrstuvwxyz.dsql-fnh4.us-east-2.on.aws]
          port: 5432
          user: dsql_iam_user
          auth: {type: iam, roleArn: "arn:aws:iam::978300727880:role/producer-api-bastion-role"}
          tls: {mode: verify-full}
          pool: {maxSize: 10, minIdle: 1, connectionTimeout: 30s, maxLifetime: 55m}
        tables:
          - {name: public.event_headers, cursor: created_at, key: [id], softDelete: {column: deleted_at}}
          - {name: orders, cursor: updated_at}
        capture: {pollInterval: 1s, maxPollInterval: 10s, batchSize: 1000, maxTransactionDuration: 5m, snapshot: initial}
        sink:
          bootstrapServers: pkc-oxqxx9.us-east-1.aws.confluent.cloud:9092
          topicPrefix: dsql-cdc
          authentication:
            type: plain
            usernameSecret: {name: confluent, key: api-key}
            passwordSecret: {name: confluent, key: api-secret}
          tls: {enabled: true}
          topics: {partitions: 3, replicationFactor: 3}
          producer: {compression.type: zstd}
        snapshotRequest: {id: resnap-1, tables: [public.event_headers]}
      """;

  /** A local PostgreSQL with a password, no TLS, and a mutual-TLS Kafka: the other branch of every rule. */
  static final String VALID_LOCAL = """
      apiVersion: dsqlcdc.io/v1alpha1
      kind: DsqlCdcPipeline
      metadata: {name: local, namespace: dev}
      spec:
        source:
          endpoints: [localhost]
          region: us-east-1
          user: capture
          auth: {type: password, passwordSecret: {name: pg, key: password}}
          tls: {mode: disable}
          pool: {minIdle: 10}
        tables: [{name: public.items, cursor: updated_at}]
        sink:
          bootstrapServers: localhost:9093
          topicPrefix: local
          authentication:
            type: mtls
            certificateSecret: {name: kafka-client, key: tls.crt}
            keySecret: {name: kafka-client, key: tls.key}
          tls: {enabled: true, caSecret: {name: kafka-client, key: ca.crt}}
      """;

  /** Amazon MSK with IAM access control, as the shipped sample has it: no Secrets at all. */
  static final String VALID_MSK = shippedSample("msk-iam.yaml");

  static final List<String> VALID_SAMPLES = List.of(VALID, VALID_LOCAL, VALID_MSK);

  /** Invalid samples, each the valid one with one change, and the message of the one rule it must break. */
  static Map<String, Sample> invalidSamples() {
    Map<String, Sample> samples = new LinkedHashMap<>();
    samples.put("SASL without a password", new Sample(VALID, "SASL authentication needs usernameSecret and passwordSecret",
        s -> obj(s, "/spec/sink/authentication").remove("passwordSecret")));
    samples.put("scram without a user", new Sample(VALID, "SASL authentication needs usernameSecret and passwordSecret",
        s -> {
          obj(s, "/spec/sink/authentication").put("type", "scram-sha-512");
          obj(s, "/spec/sink/authentication").remove("usernameSecret");
        }));
    samples.put("mtls without a key", new Sample(VALID_LOCAL, "mtls authentication needs certificateSecret and keySecret",
        s -> obj(s, "/spec/sink/authentication").remove("keySecret")));
    samples.put("mtls without TLS", new Sample(VALID_LOCAL, "mtls authentication needs sink.tls.enabled: true",
        s -> obj(s, "/spec/sink/tls").put("enabled", false)));
    samples.put("mtls with no tls block", new Sample(VALID_LOCAL, "mtls authentication needs sink.tls.enabled: true",
        s -> obj(s, "/spec/sink").remove("tls")));
    samples.put("aws-msk-iam with a password Secret", new Sample(VALID_MSK,
        "aws-msk-iam authentication takes no Secrets: its credentials come from the pod's AWS identity",
        s -> obj(s, "/spec/sink/authentication").putObject("passwordSecret").put("name", "kafka").put("key", "password")));
    samples.put("aws-msk-iam with a client key", new Sample(VALID_MSK,
        "aws-msk-iam authentication takes no Secrets: its credentials come from the pod's AWS identity",
        s -> obj(s, "/spec/sink/authentication").putObject("keySecret").put("name", "kafka").put("key", "tls.key")));
    samples.put("aws-msk-iam without TLS", new Sample(VALID_MSK, "aws-msk-iam authentication needs sink.tls.enabled: true",
        s -> obj(s, "/spec/sink").remove("tls")));
    samples.put("a region for SASL/PLAIN", new Sample(VALID, "authentication.region applies only to type aws-msk-iam",
        s -> obj(s, "/spec/sink/authentication").put("region", "us-east-1")));
    samples.put("password without a secret", new Sample(VALID_LOCAL, "auth.type password needs a passwordSecret",
        s -> obj(s, "/spec/source/auth").remove("passwordSecret")));
    samples.put("role ARN with password auth", new Sample(VALID_LOCAL, "auth.roleArn applies only to auth.type iam",
        s -> obj(s, "/spec/source/auth").put("roleArn", "arn:aws:iam::978300727880:role/x")));
    samples.put("minIdle above maxSize", new Sample(VALID, "pool.minIdle must not exceed pool.maxSize",
        s -> obj(s, "/spec/source/pool").put("maxSize", 2).put("minIdle", 5)));
    samples.put("minIdle above the default maxSize", new Sample(VALID_LOCAL, "pool.minIdle must not exceed pool.maxSize",
        s -> obj(s, "/spec/source/pool").put("minIdle", 11)));
    samples.put("repeated endpoint", new Sample(VALID, "endpoints must not repeat",
        s -> ((ArrayNode) s.at("/spec/source/endpoints")).add("vftmkydwxvxys6asbsc6ih2the.dsql-fnh4.us-east-1.on.aws")));
    samples.put("TLS disabled for DSQL", new Sample(VALID,
        "tls.mode disable is for local databases with auth.type password; DSQL requires TLS",
        s -> obj(s, "/spec/source/tls").put("mode", "disable")));
    samples.put("TLS disabled with the default auth", new Sample(VALID_LOCAL,
        "tls.mode disable is for local databases with auth.type password; DSQL requires TLS",
        s -> obj(s, "/spec/source").remove("auth")));
    samples.put("snapshot of an unknown table", new Sample(VALID, "snapshotRequest.tables must name tables listed in spec.tables",
        s -> ((ArrayNode) s.at("/spec/snapshotRequest/tables")).add("public.missing")));
    return samples;
  }

  static String shippedSample(String name) {
    try {
      return Files.readString(Path.of("../samples", name));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  record Sample(String base, String brokenRule, Consumer<JsonNode> change) {
    JsonNode build() throws IOException {
      JsonNode node = YAML.readTree(base);
      change.accept(node);
      return node;
    }
  }

  @Test
  void theCrdHasValidationRulesAndEachCompiles() {
    assertThat(rules).hasSizeGreaterThanOrEqualTo(9);
    assertThat(rules).allSatisfy(r -> assertThat(r.program()).isNotNull());
  }

  @Test
  void everyRuleHoldsForTheValidSamples() throws Exception {
    for (String sample : VALID_SAMPLES) {
      assertThat(brokenRules(YAML.readTree(sample))).as("rules broken by a valid sample").isEmpty();
    }
  }

  @Test
  void everyRuleIsEvaluatedOnAValidSample() throws Exception {
    Set<Rule> evaluated = new LinkedHashSet<>();
    for (String sample : VALID_SAMPLES) {
      JsonNode node = YAML.readTree(sample);
      rules.forEach(r -> {
        if (!objectsAt(node, r.path()).isEmpty()) {
          evaluated.add(r);
        }
      });
    }
    assertThat(evaluated).containsExactlyInAnyOrderElementsOf(rules);
  }

  @Test
  void eachInvalidSampleBreaksExactlyItsRule() throws Exception {
    for (Map.Entry<String, Sample> e : invalidSamples().entrySet()) {
      assertThat(brokenRules(e.getValue().build())).as(e.getKey())
          .extracting(Rule::message).containsExactly(e.getValue().brokenRule());
    }
  }

  @Test
  void everyRuleIsBrokenBySomeInvalidSample() {
    Set<String> covered = invalidSamples().values().stream().map(Sample::brokenRule).collect(Collectors.toSet());
    assertThat(rules).extracting(Rule::message).allSatisfy(m -> assertThat(covered).as("samples breaking rules").contains(m));
  }

  @Test
  void theSchemaAcceptsTheValidSamples() throws Exception {
    for (String sample : VALID_SAMPLES) {
      assertThat(SchemaCheck.errors(schema, YAML.readTree(sample))).isEmpty();
    }
  }

  @Test
  void theSchemaRefusesBadPatternsEnumsRangesAndMissingFields() throws Exception {
    Map<String, Consumer<JsonNode>> bad = new LinkedHashMap<>();
    bad.put("/spec/source/endpoints/0", s -> ((ArrayNode) s.at("/spec/source/endpoints")).set(0, "bad host!"));
    bad.put("/spec/source/endpoints", s -> ((ArrayNode) s.at("/spec/source/endpoints")).removeAll());
    bad.put("/spec/capture/pollInterval", s -> obj(s, "/spec/capture").put("pollInterval", "5 minutes"));
    bad.put("/spec/source/pool/maxLifetime", s -> obj(s, "/spec/source/pool").put("maxLifetime", "1d"));
    bad.put("/spec/tables/0/name", s -> obj(s, "/spec/tables/0").put("name", "public.orders; drop table x"));
    bad.put("/spec/tables", s -> ((ArrayNode) s.at("/spec/tables")).removeAll());
    bad.put("/spec/state", s -> obj(s, "/spec").put("state", "paused"));
    bad.put("/spec/source/user", s -> obj(s, "/spec/source").remove("user"));
    bad.put("/spec/source/port", s -> obj(s, "/spec/source").put("port", 70000));
    bad.put("/spec/sink/bootstrapServers", s -> obj(s, "/spec/sink").put("bootstrapServers", "broker"));
    bad.put("/spec/source/auth/roleArn", s -> obj(s, "/spec/source/auth").put("roleArn", "arn:aws:iam::123:role/x"));
    bad.put("/spec/sink/authentication/type", s -> obj(s, "/spec/sink/authentication").put("type", "aws-iam"));
    bad.put("/spec/sink/authentication/region", s -> obj(s, "/spec/sink/authentication").put("region", "Europe"));
    bad.put("/spec/capture/batchSize", s -> obj(s, "/spec/capture").put("batchSize", 0));
    for (Map.Entry<String, Consumer<JsonNode>> e : bad.entrySet()) {
      JsonNode sample = YAML.readTree(VALID);
      e.getValue().accept(sample);
      assertThat(SchemaCheck.errors(schema, sample)).as(e.getKey()).isNotEmpty()
          .allSatisfy(error -> assertThat(error).startsWith(e.getKey() + ":"));
    }
  }

  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../samples"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  /** What users start from must pass the API server's checks as it is: schema and every CEL rule. */
  @ParameterizedTest
  @MethodSource("samples")
  void everySamplePassesTheCrdSchemaAndRules(Path sample) throws Exception {
    JsonNode resource = YAML.readTree(sample.toFile());
    assertThat(SchemaCheck.errors(schema, resource)).isEmpty();
    assertThat(brokenRules(resource)).isEmpty();
  }

  // ---- rule evaluation

  static List<Rule> brokenRules(JsonNode resource) {
    List<Rule> broken = new ArrayList<>();
    for (Rule rule : rules) {
      for (Object self : objectsAt(resource, rule.path())) {
        if (!evaluate(rule, self)) {
          broken.add(rule);
          break;
        }
      }
    }
    return broken;
  }

  static boolean evaluate(Rule rule, Object self) {
    try {
      Object result = rule.program().eval(Map.of("self", self));
      assertThat(result).as(rule.expression()).isInstanceOf(Boolean.class);
      return (Boolean) result;
    } catch (dev.cel.runtime.CelEvaluationException e) {
      throw new AssertionError("rule " + rule + " failed to evaluate: " + e.getMessage(), e);
    }
  }

  static void collectRules(JsonNode node, List<String> path) throws Exception {
    for (JsonNode v : node.path("x-kubernetes-validations")) {
      String expression = v.get("rule").asText();
      CelAbstractSyntaxTree ast = CEL.compile(expression).getAst();
      rules.add(new Rule(List.copyOf(path), expression, v.get("message").asText(), CEL.createProgram(ast)));
    }
    var properties = node.path("properties").fields();
    while (properties.hasNext()) {
      var p = properties.next();
      List<String> child = new ArrayList<>(path);
      child.add(p.getKey());
      collectRules(p.getValue(), child);
    }
    if (node.has("items")) {
      List<String> child = new ArrayList<>(path);
      child.add("[]");
      collectRules(node.get("items"), child);
    }
  }

  /** The values at a rule's path, as CEL sees JSON: maps, lists, strings, longs, doubles, booleans. */
  static List<Object> objectsAt(JsonNode node, List<String> path) {
    List<JsonNode> current = List.of(node);
    for (String step : path) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        if (step.equals("[]")) {
          n.forEach(next::add);
        } else if (n.has(step)) {
          next.add(n.get(step));
        }
      }
      current = next;
    }
    return current.stream().map(CrdValidationRulesTest::toCel).toList();
  }

  static Object toCel(JsonNode n) {
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

  static ObjectNode obj(JsonNode root, String pointer) {
    return (ObjectNode) root.at(pointer);
  }

  /** The OpenAPI keywords the CRD uses for single fields: type, enum, pattern, ranges, sizes, required. */
  static final class SchemaCheck {
    static List<String> errors(JsonNode schema, JsonNode value) {
      List<String> errors = new ArrayList<>();
      check(schema, value, "", errors);
      return errors;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
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
        errors.add(path + ": must be of type " + type);
        return;
      }
      if (schema.has("enum")) {
        boolean listed = false;
        for (JsonNode allowed : schema.get("enum")) {
          listed |= allowed.equals(value);
        }
        if (!listed) {
          errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
      }
      if (schema.has("pattern") && value.isTextual()
          && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
        errors.add(path + ": '" + value.asText() + "' does not match " + schema.get("pattern").asText());
      }
      if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
        errors.add(path + ": below the minimum " + schema.get("minimum"));
      }
      if (schema.has("maximum") && value.isNumber() && value.asDouble() > schema.get("maximum").asDouble()) {
        errors.add(path + ": above the maximum " + schema.get("maximum"));
      }
      if (value.isArray()) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
          errors.add(path + ": fewer than " + schema.get("minItems") + " items");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
          errors.add(path + ": more than " + schema.get("maxItems") + " items");
        }
        for (int i = 0; i < value.size(); i++) {
          check(schema.path("items"), value.get(i), path + "/" + i, errors);
        }
      }
      if (value.isObject()) {
        for (JsonNode required : schema.path("required")) {
          if (!value.has(required.asText())) {
            errors.add(path + "/" + required.asText() + ": is required");
          }
        }
        value.fields().forEachRemaining(e -> {
          JsonNode property = schema.path("properties").path(e.getKey());
          if (!property.isMissingNode()) {
            check(property, e.getValue(), path + "/" + e.getKey(), errors);
          }
        });
      }
    }
  }
}
