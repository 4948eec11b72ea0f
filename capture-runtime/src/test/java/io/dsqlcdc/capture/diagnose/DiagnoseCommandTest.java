package io.dsqlcdc.capture.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.CaptureRuntimeMain;
import io.dsqlcdc.capture.cli.ExitCodes;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

class DiagnoseCommandTest {
  static final String ROLE_ARN = "arn:aws:sts::123456789012:assumed-role/cdc-capture/botocore-session-1";
  static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  @RegisterExtension
  static final PostgresExtension PG = PostgresExtension.shared();
  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.builder().saslPlainUser("cdc", "kafka-secret")
      .mskIam("eu-west-1", "AKIAIOSFODNN7EXAMPLE", SECRET_KEY).build();
  @RegisterExtension
  static final KinesisLocal KINESIS = KinesisLocal.perClass();

  static final AwsCredentialsProvider STATIC = StaticCredentialsProvider.create(
      AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", SECRET_KEY));
  static FakeSts sts;

  @TempDir
  Path dir;
  final Map<String, String> env = new HashMap<>(Map.of(
      "SECRET_PG_PASSWORD", "diag-pass", "SECRET_KAFKA_USER", "cdc", "SECRET_KAFKA_PASSWORD", "kafka-secret"));
  Supplier<AwsCredentialsProvider> credentials = () -> STATIC;
  String output;

  @BeforeAll
  static void setUp() {
    PG.execute("CREATE SCHEMA IF NOT EXISTS diag",
        "CREATE TABLE IF NOT EXISTS diag.orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
        "DROP ROLE IF EXISTS diag_user", "CREATE ROLE diag_user LOGIN PASSWORD 'diag-pass'",
        "DROP ROLE IF EXISTS diag_iam", "CREATE ROLE diag_iam LOGIN PASSWORD 'not-a-token'",
        "GRANT USAGE ON SCHEMA diag TO diag_user, diag_iam", "GRANT SELECT ON diag.orders TO diag_user, diag_iam");
    sts = new FakeSts(ROLE_ARN);
  }

  @AfterAll
  static void tearDown() {
    sts.close();
  }

  @Test
  void aHealthyPipelinePassesEveryCheck() throws IOException {
    int exit = diagnose(passwordSource(PG.port()) + tables("diag.orders") + saslSink());

    assertThat(output).contains("PASS  login to localhost:" + PG.port() + " as diag_user")
        .contains("PASS  TCP and TLS to localhost:" + PG.port() + ": TLS")
        .contains("PASS  SELECT on diag.orders")
        .contains("PASS  Kafka authentication").contains("SASL mechanism PLAIN")
        .contains("PASS  Kafka topics").contains("creatable: diag.diag.orders")
        .contains("All checks passed.").doesNotContain("FAIL");
    assertThat(exit).isEqualTo(ExitCodes.OK);
  }

  @Test
  void missingAwsCredentialsFailTheCredentialsCheck() throws IOException {
    Path emptyProfile = Files.writeString(dir.resolve("credentials"), "");
    credentials = () -> AwsCredentialsProviderChain.of(ProfileCredentialsProvider.builder()
        .profileFile(ProfileFile.builder().content(emptyProfile).type(ProfileFile.Type.CREDENTIALS).build()).build());

    int exit = diagnose(iamSource() + tables("diag.orders") + plainSink(KAFKA.bootstrapServers()));

    assertThat(output).contains("FAIL  AWS credentials:").contains("[CredentialsNotFound]")
        .contains("fix: give the runtime an IAM role")
        .contains("SKIP  IAM token for localhost").contains("SKIP  login to localhost:" + PG.port());
    assertThat(exit).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void aRefusedTokenExplainsTheIamGrant() throws IOException {
    int exit = diagnose(iamSource() + tables("diag.orders") + plainSink(KAFKA.bootstrapServers()));

    assertThat(output).contains("PASS  AWS credentials: found in credentials given in code")
        .contains("PASS  STS caller identity: " + ROLE_ARN + " (IAM role arn:aws:iam::123456789012:role/cdc-capture)")
        .contains("PASS  IAM token for localhost: DbConnect as diag_iam, signed for us-east-1")
        .contains("FAIL  login to localhost:" + PG.port() + " as diag_iam").contains("[AuthenticationFailed]")
        .contains("AWS IAM GRANT diag_iam TO 'arn:aws:iam::123456789012:role/cdc-capture'");
    assertThat(output).doesNotContain(SECRET_KEY).doesNotContain("X-Amz-Signature").doesNotContain("AKIAIOSFODNN7EXAMPLE");
    assertThat(exit).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void credentialsOfAnotherRoleThanTheSpecsFailTheCallerIdentityCheck() throws IOException {
    String otherRole = iamSource().replace("user: diag_iam\n",
        "user: diag_iam\n  auth: {type: iam, roleArn: 'arn:aws:iam::123456789012:role/other-role'}\n");

    int exit = diagnose(otherRole + tables("diag.orders") + plainSink(KAFKA.bootstrapServers()));

    assertThat(output).contains("FAIL  STS caller identity: running as " + ROLE_ARN).contains("[RoleMismatch]")
        .contains("eks.amazonaws.com/role-arn");
    assertThat(exit).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void theRuntimeOffersDiagnoseAsACommand() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new CaptureRuntimeMain());
    cli.setOut(new PrintWriter(bytes, true, StandardCharsets.UTF_8));

    int exit = cli.execute("diagnose", "--help");

    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Usage: capture-runtime diagnose").contains("--config=FILE")
        .contains("${env:NAME}");
    assertThat(exit).isEqualTo(ExitCodes.OK);
  }

  @Test
  void aWrongPasswordFailsTheLogin() throws IOException {
    env.put("SECRET_PG_PASSWORD", "Wr0ng-Pa55");

    int exit = diagnose(passwordSource(PG.port()) + tables("diag.orders") + plainSink(KAFKA.bootstrapServers()));

    assertThat(output).contains("FAIL  login to localhost:" + PG.port() + " as diag_user").contains("[AuthenticationFailed]")
        .contains("spec.source.auth.passwordSecret").doesNotContain("Wr0ng-Pa55");
    assertThat(exit).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void anUnreachableEndpointFailsTheTcpCheck() throws IOException {
    int closed = closedPort();

    int exit = diagnose(passwordSource(closed) + tables("diag.orders") + plainSink(KAFKA.bootstrapServers()));

    assertThat(output).contains("FAIL  TCP and TLS to localhost:" + closed).contains("[Unreachable]")
        .contains("SKIP  login to localhost:" + closed).contains("SKIP  SELECT on diag.orders");
    assertThat(exit).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void aMissingTableFailsTheSelectCheck() throws IOException {
    int exit = diagnose(passwordSource(PG.port()) + tables("diag.missing") + plainSink(KAFKA.bootstrapServers()));

    assertThat(output).contains("FAIL  SELECT on diag.missing").contains("[TableNotFound]");
    assertThat(exit).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void aDownKafkaFailsTheBrokerCheck() throws IOException {
    int closed = closedPort();

    int exit = diagnose(passwordSource(PG.port()) + tables("diag.orders") + plainSink("localhost:" + closed));

    assertThat(output).contains("PASS  login to localhost:" + PG.port())
        .contains("FAIL  TCP to Kafka broker localhost:" + closed).contains("[Unreachable]")
        .contains("SKIP  Kafka authentication");
    assertThat(exit).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void badSaslCredentialsFailTheKafkaAuthenticationCheck() throws IOException {
    env.put("SECRET_KAFKA_PASSWORD", "wrong-secret");

    int exit = diagnose(passwordSource(PG.port()) + tables("diag.orders") + saslSink());

    assertThat(output).contains("FAIL  Kafka authentication").contains("[AuthenticationFailed]")
        .contains("SASL mechanism PLAIN").doesNotContain("wrong-secret");
    assertThat(exit).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void anInvalidConfigExitsWithTwo() throws IOException {
    int exit = diagnose("source: {endpoints: [localhost], user: x}\n" + tables("diag.orders")
        + plainSink(KAFKA.bootstrapServers()));

    assertThat(output).contains("FAIL  config valid:").contains("spec.source.endpoints[0]").contains("[InvalidSpec]");
    assertThat(exit).isEqualTo(ExitCodes.INVALID_CONFIG);
  }

  @Test
  void aMskIamSinkWithoutAwsCredentialsFailsTheirCheckAndSkipsKafka() throws IOException {
    Path emptyProfile = Files.writeString(dir.resolve("credentials"), "");
    credentials = () -> AwsCredentialsProviderChain.of(ProfileCredentialsProvider.builder()
        .profileFile(ProfileFile.builder().content(emptyProfile).type(ProfileFile.Type.CREDENTIALS).build()).build());

    int exit = diagnose(passwordSource(PG.port()) + tables("diag.orders") + mskIamSink("eu-west-1"));

    assertThat(output).contains("PASS  MSK IAM signing region: eu-west-1 (from the spec)")
        .contains("FAIL  AWS credentials for MSK IAM:").contains("[CredentialsNotFound]")
        .contains("fix: give the runtime's pod an IAM role")
        .contains("SKIP  Kafka authentication: needs AWS credentials and a region for MSK IAM");
    assertThat(exit).isEqualTo(ExitCodes.FAILED);
  }

  /** aws-msk-iam-auth reads the default chain itself: here its system properties, in a pod IRSA's token file. */
  @Test
  void aMskIamSinkWithTheClustersRegionPassesAndAnotherRegionIsNamedInTheFailure() throws IOException {
    System.setProperty("aws.accessKeyId", "AKIAIOSFODNN7EXAMPLE");
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    credentials = () -> DefaultCredentialsProvider.builder().build();
    try {
      int exit = diagnose(passwordSource(PG.port()) + tables("diag.orders") + mskIamSink("eu-west-1"));
      assertThat(output).contains("PASS  AWS credentials for MSK IAM: found in JVM system properties (aws.accessKeyId)")
          .contains("PASS  Kafka authentication").contains("SASL_SSL, SASL mechanism OAUTHBEARER")
          .contains("All checks passed.");
      assertThat(exit).isEqualTo(ExitCodes.OK);

      exit = diagnose(passwordSource(PG.port()) + tables("diag.orders") + mskIamSink("us-east-1"));
      assertThat(output).contains("FAIL  Kafka authentication").contains("[AuthenticationFailed]")
          .contains("the token is signed for region us-east-1, this cluster is in eu-west-1")
          .contains("spec.sink.authentication.region").doesNotContain(SECRET_KEY);
      assertThat(exit).isEqualTo(ExitCodes.FAILED);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void inStreamModeAnActiveStreamPassesEveryKinesisCheck() throws IOException {
    KINESIS.createStream("diag-active", 2);
    credentials = () -> StaticCredentialsProvider.create(KINESIS.credentials());

    int exit = diagnose(streamSource(KINESIS.streamArn("diag-active"), KINESIS.endpoint().toString())
        + tables("diag.orders") + plainSink(KAFKA.bootstrapServers()));

    assertThat(output).contains("PASS  AWS credentials for Kinesis: found in credentials given in code")
        .contains("PASS  Kinesis DescribeStreamSummary: ACTIVE, 2 open shard(s)")
        .contains("PASS  Kinesis ListShards: 2 open shard(s)")
        .contains("PASS  Kinesis GetShardIterator: shard shardId-").contains("PASS  Kinesis GetRecords: shard shardId-")
        .contains("All checks passed.");
    assertThat(exit).isEqualTo(ExitCodes.OK);
  }

  @Test
  void inStreamModeAMissingStreamFailsNamingTheArnToCorrect() throws IOException {
    credentials = () -> StaticCredentialsProvider.create(KINESIS.credentials());
    String arn = KINESIS.streamArn("diag-missing");

    int exit = diagnose(streamSource(arn, KINESIS.endpoint().toString()) + tables("diag.orders")
        + plainSink(KAFKA.bootstrapServers()));

    assertThat(output).contains("FAIL  Kinesis DescribeStreamSummary: ResourceNotFoundException")
        .contains("[StreamNotFound]")
        .contains("fix: no stream " + arn + " in region us-east-1: correct spec.source.changeStream.kinesisStreamArn")
        .contains("SKIP  Kinesis ListShards: needs the stream").contains("SKIP  Kinesis GetRecords: needs the stream");
    assertThat(exit).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void inStreamModeAnUnreachableKinesisEndpointFailsNamingTheEndpoint() throws IOException {
    credentials = () -> StaticCredentialsProvider.create(KINESIS.credentials());
    String endpoint = "http://localhost:" + closedPort();

    int exit = diagnose(streamSource(KINESIS.streamArn("diag-unreachable"), endpoint) + tables("diag.orders")
        + plainSink(KAFKA.bootstrapServers()));

    assertThat(output).contains("FAIL  Kinesis DescribeStreamSummary: SdkClientException").contains("[Unreachable]")
        .contains("fix: allow HTTPS from the runtime to " + endpoint)
        .contains("or correct spec.source.changeStream.endpoint");
    assertThat(exit).isEqualTo(ExitCodes.FAILED);
  }

  private int diagnose(String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("pipeline.yaml"), yaml);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DiagnoseCommand command = new DiagnoseCommand(env::get, credentials, new StsCallerIdentity(sts.endpoint()),
        Clock.systemUTC(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    int exit = new CommandLine(command).execute("--config", file.toString());
    output = bytes.toString(StandardCharsets.UTF_8);
    return exit;
  }

  private static String passwordSource(int port) {
    return """
        source:
          endpoints: [localhost:%d]
          user: diag_user
          auth: {type: password, passwordSecret: {name: pg, key: password}}
          tls: {mode: verify-full, caFile: %s}
          pool: {connectionTimeout: 2s}
        """.formatted(port, PG.caCertificateFile());
  }

  private static String streamSource(String streamArn, String endpoint) {
    return passwordSource(PG.port()) + "  changeStream: {kinesisStreamArn: '%s', endpoint: '%s'}\n"
        .formatted(streamArn, endpoint);
  }

  private static String iamSource() {
    return """
        source:
          endpoints: [localhost:%d]
          region: us-east-1
          user: diag_iam
          tls: {mode: verify-full, caFile: %s}
          pool: {connectionTimeout: 2s}
        """.formatted(PG.port(), PG.caCertificateFile());
  }

  private static String tables(String name) {
    return "tables:\n  - {name: " + name + ", cursor: updated_at}\n";
  }

  private static String plainSink(String servers) {
    return "sink: {bootstrapServers: '" + servers + "', topicPrefix: diag}\n";
  }

  private static String saslSink() {
    return """
        sink:
          bootstrapServers: '%s'
          topicPrefix: diag
          authentication: {type: plain, usernameSecret: {name: kafka, key: user}, passwordSecret: {name: kafka, key: password}}
        """.formatted(KAFKA.saslBootstrapServers());
  }

  private String mskIamSink(String region) {
    env.put("SECRET_KAFKA_CA", KAFKA.mskIamCaCertificatePem());
    return """
        sink:
          bootstrapServers: '%s'
          topicPrefix: diag
          authentication: {type: aws-msk-iam, region: %s}
          tls: {enabled: true, caSecret: {name: kafka, key: ca}}
        """.formatted(KAFKA.mskIamBootstrapServers(), region);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
