package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime as a process with aws-msk-iam authentication against a broker that checks MSK IAM tokens as MSK does
 * (SASL/OAUTHBEARER over TLS, SigV4 signature for kafka-cluster:Connect, region and access key). Its credentials come
 * from the default chain, here the environment variables a pod would get from IRSA as a web identity instead.
 */
class MskIamSinkTest {
  static final String REGION = "eu-west-1";
  static final String ACCESS_KEY = "AKIAMSKIAMRUNTIME001";
  static final String SECRET_KEY = "runtime-msk-iam-secret/0123456789abcdefghij";

  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.builder().mskIam(REGION, ACCESS_KEY, SECRET_KEY).build();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @TempDir
  Path dir;

  private RuntimeProcess start(String prefix, String table, String authentication, Map<String, String> aws)
      throws Exception {
    String yaml = fixture.yaml(prefix, "[{name: " + table + ", cursor: updated_at}]", "{pollInterval: 100ms}", "{}")
        .replace("bootstrapServers: " + kafka.bootstrapServers(), "bootstrapServers: " + kafka.mskIamBootstrapServers()
            + "\n  authentication: " + authentication + "\n  tls: {enabled: true, caSecret: {name: kafka, key: ca}}");
    Map<String, String> env = new HashMap<>(fixture.env());
    env.put("SECRET_KAFKA_CA", kafka.mskIamCaCertificatePem());
    // no instance metadata service here: without this the default chain waits for it before giving up
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.putAll(aws);
    return RuntimeProcess.start(Files.writeString(dir.resolve(prefix + ".yaml"), yaml), dir.resolve(prefix + "-state"), env,
        dir.resolve(prefix + ".log"));
  }

  private static Map<String, String> credentials() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
  }

  private static JsonNode sink(RuntimeProcess runtime) {
    JsonNode status = runtime.status();
    return status == null ? null : status.get("sink");
  }

  private static String sinkReason(RuntimeProcess runtime) {
    JsonNode sink = sink(runtime);
    return sink == null ? null : sink.path("reason").asText(null);
  }

  /** Credentials and region from the environment, as IRSA's webhook gives a pod AWS_REGION beside its identity. */
  @Test
  void aTableStreamsExactlyOnceThroughMskIamWithCredentialsAndRegionFromThePodsEnvironment() throws Exception {
    pg.execute("CREATE TABLE msk_items (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO msk_items (id) SELECT g FROM generate_series(1, 50) g");
    Map<String, String> aws = new HashMap<>(credentials());
    aws.put("AWS_REGION", REGION);
    try (RuntimeProcess runtime = start("msk", "msk_items", "{type: aws-msk-iam}", aws)) {
      await().atMost(Duration.ofSeconds(90)).until(() -> "Connected".equals(sinkReason(runtime))
          && "Streaming".equals(runtime.status().at("/tables/0/state").asText()));
      pg.execute("INSERT INTO msk_items (id) SELECT g FROM generate_series(51, 80) g",
          "UPDATE msk_items SET updated_at = now() WHERE id <= 10");
      List<Event> events = fixture.events(kafka.drain("msk.public.msk_items", 90, Duration.ofSeconds(90)));
      assertThat(events).extracting(e -> e.key().get("id").asInt() + "@" + e.value().get("source").get("sequence").asText())
          .as("each row version once").doesNotHaveDuplicates();
      assertThat(events.stream().collect(Collectors.groupingBy(Event::op, Collectors.counting())))
          .containsExactlyInAnyOrderEntriesOf(Map.of("r", 50L, "c", 30L, "u", 10L));
      assertThat(sink(runtime).path("connected").asBoolean()).isTrue();
      assertThat(runtime.terminate()).as("exit code after SIGTERM").isZero();
    }
    assertThat(fixture.events(kafka.readCommitted("msk.public.msk_items"))).hasSize(90);
  }

  @Test
  void aTokenSignedForAnotherRegionIsRefusedAndStatusSaysWhichRegionToSet() throws Exception {
    pg.execute("CREATE TABLE msk_region (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())");
    try (RuntimeProcess runtime = start("mskregion", "msk_region", "{type: aws-msk-iam, region: us-east-1}",
        credentials())) {
      await().atMost(Duration.ofSeconds(90)).until(() -> "AuthenticationFailed".equals(sinkReason(runtime)));
      JsonNode sink = sink(runtime);
      assertThat(sink.path("connected").asBoolean()).isFalse();
      assertThat(sink.path("message").asText())
          .contains("the token is signed for region us-east-1, this cluster is in eu-west-1")
          .contains("spec.sink.authentication.region").contains("kafka-cluster:Connect")
          .doesNotContain(SECRET_KEY);
      assertThat(runtime.isAlive()).as("the runtime keeps retrying").isTrue();
    }
  }

  @Test
  void noRegionAnywhereIsReportedWithTheFieldToSet() throws Exception {
    pg.execute("CREATE TABLE msk_noregion (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())");
    Path nowhere = dir.resolve("no-aws-config");
    Map<String, String> aws = new HashMap<>(credentials());
    aws.put("AWS_CONFIG_FILE", nowhere.toString());
    try (RuntimeProcess runtime = start("msknoregion", "msk_noregion", "{type: aws-msk-iam}", aws)) {
      await().atMost(Duration.ofSeconds(90)).until(() -> "RegionUnknown".equals(sinkReason(runtime)));
      assertThat(sink(runtime).path("message").asText()).contains("spec.sink.authentication.region");
    }
  }

  @Test
  void missingCredentialsAreReportedWithWhatToGiveThePod() throws Exception {
    pg.execute("CREATE TABLE msk_nocreds (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())");
    Path nowhere = dir.resolve("no-aws-config");
    try (RuntimeProcess runtime = start("msknocreds", "msk_nocreds", "{type: aws-msk-iam, region: " + REGION + "}",
        Map.of("AWS_SHARED_CREDENTIALS_FILE", nowhere.toString(), "AWS_CONFIG_FILE", nowhere.toString()))) {
      await().atMost(Duration.ofSeconds(90)).until(() -> "CredentialsNotFound".equals(sinkReason(runtime)));
      JsonNode sink = sink(runtime);
      assertThat(sink.path("connected").asBoolean()).isFalse();
      assertThat(sink.path("message").asText()).contains("no AWS credentials for aws-msk-iam authentication")
          .contains("IRSA").contains("Pod Identity").contains("kafka-cluster:Connect");
      assertThat(runtime.isAlive()).as("the runtime keeps retrying").isTrue();
    }
  }
}
