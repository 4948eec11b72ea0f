package io.dsqlcdc.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidatorTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String VALID = """
      source:
        endpoints: [abc123.dsql-fnh4.us-east-1.on.aws, def456.dsql-k2x9.us-east-2.on.aws]
        user: dsql_iam_user
      tables:
        - {name: public.event_headers, cursor: created_at}
        - {name: orders, cursor: updated_at, key: [id], softDelete: {column: deleted_at}}
      sink:
        bootstrapServers: broker-1:9092,broker-2:9092
        topicPrefix: dsql-cdc
      """;

  /** The valid spec with one field (a dotted path) replaced by a YAML value. */
  static DsqlCdcPipelineSpec with(String path, String yamlValue) throws Exception {
    ObjectNode root = (ObjectNode) YAML.readTree(VALID);
    String[] parts = path.split("\\.");
    ObjectNode parent = root;
    for (int i = 0; i < parts.length - 1; i++) {
      parent = parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
    }
    JsonNode value = YAML.readTree(yamlValue);
    parent.set(parts[parts.length - 1], value);
    return YAML.treeToValue(root, DsqlCdcPipelineSpec.class);
  }

  static List<Violation> violationsOf(String path, String yamlValue) throws Exception {
    return SpecValidator.validate(with(path, yamlValue));
  }

  @Test
  void aCompleteSpecHasNoViolations() throws Exception {
    assertThat(SpecValidator.validate(YAML.readValue(VALID, DsqlCdcPipelineSpec.class))).isEmpty();
  }

  @Test
  void aMissingSpecIsReported() {
    assertThat(SpecValidator.validate(null)).containsExactly(new Violation("spec", "is missing"));
  }

  @Test
  void anEmptyEndpointListIsReported() throws Exception {
    assertThat(violationsOf("source.endpoints", "[]")).extracting(Violation::field).contains("spec.source.endpoints");
  }

  @Test
  void aRepeatedEndpointIsReportedAtItsIndex() throws Exception {
    assertThat(violationsOf("source.endpoints", "[a1.dsql-x.us-east-1.on.aws, a1.dsql-x.us-east-1.on.aws]"))
        .extracting(Violation::field).containsExactly("spec.source.endpoints[1]");
  }

  @Test
  void iamAuthToAHostWithoutARegionNeedsSpecSourceRegion() throws Exception {
    List<Violation> violations = violationsOf("source.endpoints", "[localhost]");
    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("spec.source.endpoints[0]");
      assertThat(v.reason()).contains("set spec.source.region");
    });
  }

  @Test
  void aMalformedRegionIsReported() throws Exception {
    assertThat(violationsOf("source.region", "US-EAST")).extracting(Violation::field).containsExactly("spec.source.region");
  }

  @Test
  void passwordAuthNeedsAPasswordSecret() throws Exception {
    List<Violation> violations = SpecValidator.validate(with("source.auth", "{type: password}"));
    assertThat(violations).extracting(Violation::field).contains("spec.source.auth.passwordSecret");
  }

  @Test
  void roleArnWithPasswordAuthIsReported() throws Exception {
    assertThat(violationsOf("source.auth", "{type: password, passwordSecret: {name: pg, key: pw}, "
        + "roleArn: 'arn:aws:iam::123456789012:role/x'}")).extracting(Violation::field)
        .contains("spec.source.auth.roleArn");
  }

  @Test
  void aMalformedRoleArnIsReported() throws Exception {
    assertThat(violationsOf("source.auth", "{roleArn: 'arn:aws:iam::12:user/x'}")).extracting(Violation::field)
        .containsExactly("spec.source.auth.roleArn");
  }

  @Test
  void plainTextToDsqlIsRefused() throws Exception {
    assertThat(violationsOf("source.tls", "{mode: disable}")).extracting(Violation::field)
        .containsExactly("spec.source.tls.mode");
  }

  @Test
  void poolMaxLifetimeMustStayBelowDsqlsSixtyMinutes() throws Exception {
    assertThat(violationsOf("source.pool", "{maxLifetime: 60m}")).extracting(Violation::field)
        .containsExactly("spec.source.pool.maxLifetime");
  }

  @Test
  void poolMinIdleAboveMaxSizeIsReported() throws Exception {
    assertThat(violationsOf("source.pool", "{maxSize: 2, minIdle: 3}")).extracting(Violation::field)
        .containsExactly("spec.source.pool.minIdle");
  }

  @Test
  void aDurationWithoutUnitNamesItsField() throws Exception {
    assertThat(violationsOf("capture.pollInterval", "'1000'")).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("spec.capture.pollInterval");
      assertThat(v.reason()).contains("not a duration");
    });
  }

  @Test
  void maxPollIntervalShorterThanPollIntervalIsReported() throws Exception {
    assertThat(violationsOf("capture", "{pollInterval: 5s, maxPollInterval: 1s}")).extracting(Violation::field)
        .containsExactly("spec.capture.maxPollInterval");
  }

  @Test
  void noTablesIsReported() throws Exception {
    assertThat(violationsOf("tables", "[]")).extracting(Violation::field).containsExactly("spec.tables");
  }

  @Test
  void aTableListedTwiceIsReportedEvenWithoutItsSchema() throws Exception {
    assertThat(violationsOf("tables", "[{name: public.t, cursor: c}, {name: t, cursor: c}]"))
        .extracting(Violation::field).containsExactly("spec.tables[1].name");
  }

  @Test
  void aTableWithoutCursorIsReported() throws Exception {
    assertThat(violationsOf("tables", "[{name: public.t}]")).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("spec.tables[0].cursor");
      assertThat(v.reason()).contains("moves forward");
    });
  }

  @Test
  void aTableWithoutCursorIsReportedAsPollModeOnly() throws Exception {
    assertThat(violationsOf("tables", "[{name: public.t}]")).singleElement()
        .satisfies(v -> assertThat(v.reason()).contains("poll mode").contains("source.changeStream"));
  }

  @Test
  void streamModeNeedsNoCursor() throws Exception {
    assertThat(SpecValidator.validate(streamMode("[{name: public.t}, {name: public.u, key: [id]}]"))).isEmpty();
  }

  @Test
  void streamModeRefusesSoftDeleteAndHardDeletesBecauseTheStreamCarriesDeletes() throws Exception {
    assertThat(SpecValidator.validate(streamMode("[{name: t, softDelete: {column: deleted_at}}, "
        + "{name: u, hardDeletes: {enabled: true}}]")))
        .extracting(Violation::field, Violation::reason).containsExactly(
            tuple("spec.tables[0].softDelete", "applies only to poll mode: with source.changeStream the stream "
                + "carries the table's deletes; remove it"),
            tuple("spec.tables[1].hardDeletes", "applies only to poll mode: with source.changeStream the stream "
                + "carries the table's deletes; remove it"));
  }

  @Test
  void aChangeStreamWithoutItsArnIsReported() throws Exception {
    assertThat(changeStreamViolations("{startPosition: latest}")).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("spec.source.changeStream.kinesisStreamArn");
      assertThat(v.reason()).startsWith("is required").contains("arn:aws:kinesis:<region>:<account>:stream/<name>");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders-stream", "arn:aws:kinesis:us-east-1:123456789012:table/orders",
      "arn:aws:dynamodb:us-east-1:123456789012:stream/orders", "arn:aws:kinesis:us-east-1:1234:stream/orders"})
  void aValueThatIsNoKinesisStreamArnIsReported(String arn) throws Exception {
    assertThat(changeStreamViolations("{kinesisStreamArn: '" + arn + "'}")).singleElement()
        .satisfies(v -> {
          assertThat(v.field()).isEqualTo("spec.source.changeStream.kinesisStreamArn");
          assertThat(v.reason()).isEqualTo("'" + arn + "' is not a Kinesis stream ARN "
              + "(arn:aws:kinesis:<region>:<account>:stream/<name>)");
        });
  }

  @Test
  void aChangeStreamEndpointMustBeAUrl() throws Exception {
    assertThat(changeStreamViolations("{kinesisStreamArn: '" + STREAM_ARN + "', endpoint: 'localhost:4567'}"))
        .extracting(Violation::field).containsExactly("spec.source.changeStream.endpoint");
  }

  @ParameterizedTest
  @ValueSource(strings = {"graceWindow: 61s", "graceWindow: soon", "fragmentTimeout: 999ms", "fragmentTimeout: 2h"})
  void changeStreamWindowsOutOfBoundsAreReportedWithTheirField(String setting) throws Exception {
    assertThat(changeStreamViolations("{kinesisStreamArn: '" + STREAM_ARN + "', " + setting + "}"))
        .extracting(Violation::field).containsExactly("spec.source.changeStream." + setting.split(":")[0]);
  }

  @Test
  void changeStreamWindowsAtTheirBoundsAreAccepted() throws Exception {
    assertThat(changeStreamViolations("{kinesisStreamArn: '" + STREAM_ARN + "', graceWindow: 0s, "
        + "fragmentTimeout: 1h, endpoint: 'http://localhost:4567', region: us-east-1}")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "endpoint: 'https://vpce-0123.kinesis.eu-west-1.vpce.amazonaws.com', "})
  void aChangeStreamRegionOtherThanTheArnsIsReported(String endpoint) throws Exception {
    assertThat(changeStreamViolations("{kinesisStreamArn: '" + STREAM_ARN + "', " + endpoint + "region: eu-west-1}"))
        .singleElement().satisfies(v -> {
          assertThat(v.field()).isEqualTo("spec.source.changeStream.region");
          assertThat(v.reason()).startsWith("'eu-west-1' is not the region of kinesisStreamArn (us-east-1)")
              .contains("set us-east-1 or leave region out");
        });
  }

  @Test
  void aChangeStreamRegionEqualToTheArnsIsAccepted() throws Exception {
    assertThat(changeStreamViolations("{kinesisStreamArn: '" + STREAM_ARN + "', region: us-east-1}")).isEmpty();
  }

  static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/orders-cdc";
  static final String DSQL_STREAM_ARN =
      "arn:aws:dsql:us-east-1:123456789012:cluster/vftmkydwxvxys6asbsc6ih2the/stream/abcdefghijklmnopqrstuvwxyz";

  @Test
  void aDsqlStreamArnInTheKinesisStreamsRegionIsAccepted() throws Exception {
    assertThat(changeStreamViolations("{kinesisStreamArn: '" + STREAM_ARN + "', dsqlStreamArn: '" + DSQL_STREAM_ARN
        + "', dsqlEndpoint: 'http://localhost:8443'}")).isEmpty();
  }

  @Test
  void aDsqlStreamArnThatIsNotOneIsReported() throws Exception {
    assertThat(changeStreamViolations("{kinesisStreamArn: '" + STREAM_ARN + "', dsqlStreamArn: '"
        + "arn:aws:dsql:us-east-1:123456789012:cluster/vftmkydwxvxys6asbsc6ih2the'}"))
        .extracting(Violation::field).containsExactly("spec.source.changeStream.dsqlStreamArn");
  }

  @Test
  void aDsqlStreamArnInAnotherRegionThanTheKinesisStreamIsReported() throws Exception {
    assertThat(changeStreamViolations("{kinesisStreamArn: '" + STREAM_ARN + "', dsqlStreamArn: '"
        + DSQL_STREAM_ARN.replace("us-east-1", "eu-west-1") + "'}")).singleElement().satisfies(v -> {
          assertThat(v.field()).isEqualTo("spec.source.changeStream.dsqlStreamArn");
          assertThat(v.reason()).contains("(eu-west-1)").contains("kinesisStreamArn (us-east-1)");
        });
  }

  @Test
  void aDsqlEndpointWithoutADsqlStreamArnIsReported() throws Exception {
    assertThat(changeStreamViolations("{kinesisStreamArn: '" + STREAM_ARN + "', dsqlEndpoint: 'https://dsql.us-east-1.api.aws'}"))
        .extracting(Violation::field).containsExactly("spec.source.changeStream.dsqlEndpoint");
  }

  /** The valid spec in stream mode with the given tables. */
  static DsqlCdcPipelineSpec streamMode(String tables) throws Exception {
    return streamMode("{kinesisStreamArn: '" + STREAM_ARN + "'}", tables);
  }

  /** The valid spec in stream mode with the given change stream and tables. */
  static DsqlCdcPipelineSpec streamMode(String changeStream, String tables) throws Exception {
    ObjectNode root = (ObjectNode) YAML.readTree(VALID);
    ((ObjectNode) root.get("source")).set("changeStream", YAML.readTree(changeStream));
    root.set("tables", YAML.readTree(tables));
    return YAML.treeToValue(root, DsqlCdcPipelineSpec.class);
  }

  static List<Violation> changeStreamViolations(String changeStream) throws Exception {
    return SpecValidator.validate(streamMode(changeStream, "[{name: public.t}]"));
  }

  @Test
  void aMalformedTableNameIsReported() throws Exception {
    assertThat(violationsOf("tables", "[{name: 'a.b.c', cursor: c}]")).extracting(Violation::field)
        .containsExactly("spec.tables[0].name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"999ms", "0s", "often"})
  void aHardDeleteScanIntervalBelowOneSecondOrNoDurationIsReportedWithItsField(String interval) throws Exception {
    assertThat(violationsOf("tables", "[{name: t, cursor: c, hardDeletes: {enabled: true, scanInterval: " + interval
        + "}}]")).extracting(Violation::field).containsExactly("spec.tables[0].hardDeletes.scanInterval");
  }

  @Test
  void hardDeletesDefaultToOffWithAFiveMinuteScan() throws Exception {
    DsqlCdcPipelineSpec spec = with("tables", "[{name: t, cursor: c, hardDeletes: {}}]");
    assertThat(spec.tables().get(0).hardDeletesEnabled()).isFalse();
    assertThat(spec.tables().get(0).hardDeletes().scanInterval()).isEqualTo("5m");
  }

  @Test
  void softDeleteOnTheCursorColumnIsReported() throws Exception {
    assertThat(violationsOf("tables", "[{name: t, cursor: c, softDelete: {column: c}}]")).extracting(Violation::field)
        .containsExactly("spec.tables[0].softDelete.column");
  }

  @Test
  void saslAuthenticationNeedsBothSecrets() throws Exception {
    assertThat(violationsOf("sink.authentication", "{type: scram-sha-512, usernameSecret: {name: k, key: u}}"))
        .extracting(Violation::field).containsExactly("spec.sink.authentication.passwordSecret");
  }

  @Test
  void mtlsNeedsCertificateKeyAndTls() throws Exception {
    assertThat(violationsOf("sink.authentication", "{type: mtls}")).extracting(Violation::field).containsExactly(
        "spec.sink.authentication.certificateSecret", "spec.sink.authentication.keySecret", "spec.sink.tls.enabled");
  }

  @Test
  void awsMskIamOverTlsNeedsNothingElse() throws Exception {
    assertThat(SpecValidator.validate(with("sink", "{bootstrapServers: 'b-1.cdc.abc123.c2.kafka.eu-west-1.amazonaws.com:9098',"
        + " topicPrefix: cdc, tls: {enabled: true}, authentication: {type: aws-msk-iam}}"))).isEmpty();
  }

  @Test
  void awsMskIamRefusesSecretsBecauseItsCredentialsComeFromThePodIdentity() throws Exception {
    assertThat(violationsOf("sink.authentication", "{type: aws-msk-iam, usernameSecret: {name: k, key: u},"
        + " passwordSecret: {name: k, key: p}}"))
        .filteredOn(v -> v.field().startsWith("spec.sink.authentication."))
        .extracting(Violation::field, Violation::reason).containsExactly(
            tuple("spec.sink.authentication.usernameSecret", "is not used by aws-msk-iam authentication, whose "
                + "credentials come from the pod's AWS identity (IRSA, EKS Pod Identity): remove it"),
            tuple("spec.sink.authentication.passwordSecret", "is not used by aws-msk-iam authentication, whose "
                + "credentials come from the pod's AWS identity (IRSA, EKS Pod Identity): remove it"));
  }

  @Test
  void awsMskIamNeedsTls() throws Exception {
    assertThat(violationsOf("sink.authentication", "{type: aws-msk-iam}")).extracting(Violation::field)
        .containsExactly("spec.sink.tls.enabled");
  }

  @Test
  void aMalformedMskRegionIsReported() throws Exception {
    assertThat(SpecValidator.validate(with("sink", "{bootstrapServers: 'b-1:9098', topicPrefix: cdc,"
        + " tls: {enabled: true}, authentication: {type: aws-msk-iam, region: Europe}}")))
        .extracting(Violation::field).containsExactly("spec.sink.authentication.region");
  }

  @Test
  void aRegionWithAnotherAuthenticationTypeIsReported() throws Exception {
    assertThat(violationsOf("sink.authentication", "{type: none, region: us-east-1}")).extracting(Violation::field)
        .containsExactly("spec.sink.authentication.region");
  }

  @Test
  void producerOverridesMayNotTouchExactlyOnceOrCredentials() throws Exception {
    assertThat(violationsOf("sink.producer", "{compression.type: zstd, transactional.id: x, sasl.jaas.config: y}"))
        .extracting(Violation::field)
        .containsExactly("spec.sink.producer.sasl.jaas.config", "spec.sink.producer.transactional.id");
  }

  @Test
  void aMalformedBootstrapListIsReported() throws Exception {
    assertThat(violationsOf("sink.bootstrapServers", "'broker-1'")).extracting(Violation::field)
        .containsExactly("spec.sink.bootstrapServers");
  }

  @Test
  void aSnapshotRequestMustNameListedTables() throws Exception {
    assertThat(violationsOf("snapshotRequest", "{id: r1, tables: [public.event_headers, public.nope]}"))
        .extracting(Violation::field).containsExactly("spec.snapshotRequest.tables[1]");
  }

  @Test
  void aSnapshotRequestMayNameATableWithOrWithoutItsSchema() throws Exception {
    assertThat(violationsOf("snapshotRequest", "{id: r1, tables: [public.orders, event_headers]}")).isEmpty();
  }

  @Test
  void anEndpointMayCarryAPort() throws Exception {
    assertThat(violationsOf("source.endpoints", "[a1.dsql-x.us-east-1.on.aws:6543, a2.dsql-x.us-east-2.on.aws]")).isEmpty();
  }

  @Test
  void anEndpointPortOutOfRangeIsReportedAtItsIndex() throws Exception {
    assertThat(violationsOf("source.endpoints", "[a1.dsql-x.us-east-1.on.aws, a2.dsql-x.us-east-2.on.aws:70000]"))
        .extracting(Violation::field).containsExactly("spec.source.endpoints[1]");
  }

  @Test
  void theSameHostOnTheDefaultPortIsARepeat() throws Exception {
    assertThat(violationsOf("source.endpoints", "[a1.dsql-x.us-east-1.on.aws, a1.dsql-x.us-east-1.on.aws:5432]"))
        .extracting(Violation::field).containsExactly("spec.source.endpoints[1]");
  }

  @Test
  void theSameHostOnTwoPortsIsNoRepeat() throws Exception {
    assertThat(violationsOf("source.endpoints", "[localhost:6001, localhost:6002]")
        .stream().filter(v -> v.reason().contains("twice"))).isEmpty();
  }
}
