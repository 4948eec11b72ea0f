package io.dsqlcdc.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dsqlcdc.api.validation.CrdValidation;
import io.dsqlcdc.api.validation.CrdValidation.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evaluates every {@code x-kubernetes-validations} rule of the committed CRD with {@link CrdValidation} (the CEL
 * Java library), against valid pipelines (every rule holds) and against invalid ones that each break exactly one
 * rule. Every rule must be broken by some sample, so a rule added to the model without a sample fails here. The
 * schema's own patterns, enums, ranges and required fields are checked against samples the same way.
 */
class CrdValidationRulesTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static CrdValidation validation;

  @BeforeAll
  static void loadCrd() throws Exception {
    validation = CrdValidation.of(YAML.readTree(Path.of("../crds/dsqlcdcpipelines.dsqlcdc.io-v1.yml").toFile()));
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
          - {name: orders, cursor: updated_at, hardDeletes: {enabled: true, scanInterval: 5m}}
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

  /** Stream mode, as the shipped sample has it: no cursors, the Kinesis stream of the cluster's CDC stream. */
  static final String VALID_STREAM = shippedSample("stream-mode.yaml");

  static final List<String> VALID_SAMPLES = List.of(VALID, VALID_LOCAL, VALID_MSK, VALID_STREAM);

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
    samples.put("hard-delete scan interval below 1s", new Sample(VALID, "hardDeletes.scanInterval must be at least 1s",
        s -> obj(s, "/spec/tables/1/hardDeletes").put("scanInterval", "500ms")));
    samples.put("poll mode without a cursor", new Sample(VALID, "tables[].cursor is required in poll mode (no "
        + "source.changeStream); in stream mode (source.changeStream set) it may be left out",
        s -> obj(s, "/spec/tables/1").remove("cursor")));
    samples.put("stream mode with soft deletes", new Sample(VALID_STREAM, "tables[].softDelete and tables[].hardDeletes "
        + "apply only to poll mode: with source.changeStream the stream carries the table's deletes; remove them",
        s -> obj(s, "/spec/tables/0").putObject("softDelete").put("column", "deleted_at")));
    samples.put("stream mode with hard deletes", new Sample(VALID_STREAM, "tables[].softDelete and tables[].hardDeletes "
        + "apply only to poll mode: with source.changeStream the stream carries the table's deletes; remove them",
        s -> obj(s, "/spec/tables/1").putObject("hardDeletes").put("enabled", true)));
    samples.put("a DynamoDB stream ARN", new Sample(VALID_STREAM,
        "changeStream.kinesisStreamArn must be a Kinesis stream ARN: arn:aws:kinesis:<region>:<account>:stream/<name>",
        s -> obj(s, "/spec/source/changeStream").put("kinesisStreamArn",
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000")));
    samples.put("a stream name for an ARN", new Sample(VALID_STREAM,
        "changeStream.kinesisStreamArn must be a Kinesis stream ARN: arn:aws:kinesis:<region>:<account>:stream/<name>",
        s -> obj(s, "/spec/source/changeStream").put("kinesisStreamArn", "orders-dsql-cdc")));
    samples.put("a region other than the ARN's", new Sample(VALID_STREAM, "changeStream.region must be the region in "
        + "kinesisStreamArn (arn:aws:kinesis:<region>:<account>:stream/<name>): Kinesis serves a stream only in its own "
        + "region; leave region out to use the ARN's",
        s -> obj(s, "/spec/source/changeStream").put("region", "eu-west-1")));
    samples.put("a DSQL cluster ARN for a stream ARN", new Sample(VALID_STREAM, "changeStream.dsqlStreamArn must be a "
        + "DSQL stream ARN: arn:aws:dsql:<region>:<account>:cluster/<cluster id>/stream/<stream id>",
        s -> obj(s, "/spec/source/changeStream").put("dsqlStreamArn",
            "arn:aws:dsql:us-east-1:123456789012:cluster/vftmkydwxvxys6asbsc6ih2the")));
    samples.put("grace window above 60s", new Sample(VALID_STREAM, "changeStream.graceWindow must be at most 60s",
        s -> obj(s, "/spec/source/changeStream").put("graceWindow", "2m")));
    samples.put("fragment timeout below 1s", new Sample(VALID_STREAM, "changeStream.fragmentTimeout must be between 1s and 1h",
        s -> obj(s, "/spec/source/changeStream").put("fragmentTimeout", "500ms")));
    samples.put("fragment timeout above 1h", new Sample(VALID_STREAM, "changeStream.fragmentTimeout must be between 1s and 1h",
        s -> obj(s, "/spec/source/changeStream").put("fragmentTimeout", "2h")));
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
    assertThat(validation.rules()).hasSizeGreaterThanOrEqualTo(9);
    assertThat(validation.rules()).allSatisfy(r -> assertThat(r.program()).isNotNull());
  }

  @Test
  void everyRuleHoldsForTheValidSamples() throws Exception {
    for (String sample : VALID_SAMPLES) {
      assertThat(validation.brokenRules(YAML.readTree(sample))).as("rules broken by a valid sample").isEmpty();
    }
  }

  @Test
  void everyRuleIsEvaluatedOnAValidSample() throws Exception {
    Set<Rule> evaluated = new LinkedHashSet<>();
    for (String sample : VALID_SAMPLES) {
      JsonNode node = YAML.readTree(sample);
      validation.rules().forEach(r -> {
        if (validation.applies(r, node)) {
          evaluated.add(r);
        }
      });
    }
    assertThat(evaluated).containsExactlyInAnyOrderElementsOf(validation.rules());
  }

  @Test
  void eachInvalidSampleBreaksExactlyItsRule() throws Exception {
    for (Map.Entry<String, Sample> e : invalidSamples().entrySet()) {
      assertThat(validation.brokenRules(e.getValue().build())).as(e.getKey())
          .extracting(Rule::message).containsExactly(e.getValue().brokenRule());
    }
  }

  @Test
  void aChangeStreamRegionEqualToTheArnsBreaksNoRule() throws Exception {
    JsonNode sample = YAML.readTree(VALID_STREAM);
    obj(sample, "/spec/source/changeStream").put("region", "us-east-1");
    assertThat(validation.brokenRules(sample)).isEmpty();
  }

  @Test
  void aDsqlStreamArnAndEndpointBreakNoRule() throws Exception {
    JsonNode sample = YAML.readTree(VALID_STREAM);
    obj(sample, "/spec/source/changeStream").put("dsqlStreamArn",
        "arn:aws:dsql:us-east-1:123456789012:cluster/vftmkydwxvxys6asbsc6ih2the/stream/abcdefghijklmnopqrstuvwxyz")
        .put("dsqlEndpoint", "https://dsql.us-east-1.api.aws");
    assertThat(validation.brokenRules(sample)).isEmpty();
  }

  @Test
  void everyRuleIsBrokenBySomeInvalidSample() {
    Set<String> covered = invalidSamples().values().stream().map(Sample::brokenRule).collect(Collectors.toSet());
    assertThat(validation.rules()).extracting(Rule::message).allSatisfy(m -> assertThat(covered).as("samples breaking rules").contains(m));
  }

  @Test
  void theSchemaAcceptsTheValidSamples() throws Exception {
    for (String sample : VALID_SAMPLES) {
      assertThat(validation.schemaErrors(YAML.readTree(sample))).isEmpty();
    }
  }

  @Test
  void theSchemaRefusesBadPatternsEnumsRangesAndMissingFields() throws Exception {
    Map<String, Consumer<JsonNode>> bad = new LinkedHashMap<>();
    bad.put("spec.source.endpoints[0]", s -> ((ArrayNode) s.at("/spec/source/endpoints")).set(0, "bad host!"));
    bad.put("spec.source.endpoints", s -> ((ArrayNode) s.at("/spec/source/endpoints")).removeAll());
    bad.put("spec.capture.pollInterval", s -> obj(s, "/spec/capture").put("pollInterval", "5 minutes"));
    bad.put("spec.source.pool.maxLifetime", s -> obj(s, "/spec/source/pool").put("maxLifetime", "1d"));
    bad.put("spec.tables[0].name", s -> obj(s, "/spec/tables/0").put("name", "public.orders; drop table x"));
    bad.put("spec.tables", s -> ((ArrayNode) s.at("/spec/tables")).removeAll());
    bad.put("spec.state", s -> obj(s, "/spec").put("state", "paused"));
    bad.put("spec.source.user", s -> obj(s, "/spec/source").remove("user"));
    bad.put("spec.source.port", s -> obj(s, "/spec/source").put("port", 70000));
    bad.put("spec.sink.bootstrapServers", s -> obj(s, "/spec/sink").put("bootstrapServers", "broker"));
    bad.put("spec.source.auth.roleArn", s -> obj(s, "/spec/source/auth").put("roleArn", "arn:aws:iam::123:role/x"));
    bad.put("spec.sink.authentication.type", s -> obj(s, "/spec/sink/authentication").put("type", "aws-iam"));
    bad.put("spec.sink.authentication.region", s -> obj(s, "/spec/sink/authentication").put("region", "Europe"));
    bad.put("spec.capture.batchSize", s -> obj(s, "/spec/capture").put("batchSize", 0));
    bad.put("spec.source.changeStream.kinesisStreamArn", s -> obj(s, "/spec/source").putObject("changeStream"));
    bad.put("spec.source.changeStream.startPosition", s -> obj(s, "/spec/source").putObject("changeStream")
        .put("kinesisStreamArn", "arn:aws:kinesis:us-east-1:123456789012:stream/s").put("startPosition", "earliest"));
    bad.put("spec.source.changeStream.endpoint", s -> obj(s, "/spec/source").putObject("changeStream")
        .put("kinesisStreamArn", "arn:aws:kinesis:us-east-1:123456789012:stream/s").put("endpoint", "localhost:4567"));
    bad.put("spec.source.changeStream.graceWindow", s -> obj(s, "/spec/source").putObject("changeStream")
        .put("kinesisStreamArn", "arn:aws:kinesis:us-east-1:123456789012:stream/s").put("graceWindow", "2 seconds"));
    for (Map.Entry<String, Consumer<JsonNode>> e : bad.entrySet()) {
      JsonNode sample = YAML.readTree(VALID);
      e.getValue().accept(sample);
      assertThat(validation.schemaErrors(sample)).as(e.getKey()).isNotEmpty()
          .allSatisfy(error -> assertThat(error.field()).isEqualTo(e.getKey()));
    }
  }

  /** Errors read as the API server words them, so that kubectl shows what a real cluster would. */
  @Test
  void errorsAreWordedAsTheApiServerWordsThem() throws Exception {
    JsonNode sample = YAML.readTree(VALID);
    obj(sample, "/spec").put("state", "paused");
    obj(sample, "/spec/source").put("port", 70000).remove("user");
    obj(sample, "/spec/source/pool").put("maxSize", 2).put("minIdle", 5);
    assertThat(validation.validate(sample)).extracting(Object::toString).containsExactlyInAnyOrder(
        "spec.state: Unsupported value: \"paused\": supported values: \"running\", \"stopped\"",
        "spec.source.port: Invalid value: 70000: spec.source.port in body should be less than or equal to 65535",
        "spec.source.user: Required value",
        "spec.source.pool: Invalid value: \"object\": pool.minIdle must not exceed pool.maxSize");
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
    assertThat(validation.validate(resource)).isEmpty();
  }

  static ObjectNode obj(JsonNode root, String pointer) {
    return (ObjectNode) root.at(pointer);
  }
}
