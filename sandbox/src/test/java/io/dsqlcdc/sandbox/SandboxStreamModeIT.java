package io.dsqlcdc.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.sandbox.CapturedEvents.Event;
import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
import io.dsqlcdc.testsupport.tools.Kubectl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar sandbox/target/sandbox.jar --mode stream} on a machine with Node.js: the local Kinesis runs, the
 * demo writes are published to it in DSQL's format, the stream-mode sample is applied, and the runtime relays the
 * stream into Kafka. One sandbox for the class; the steps run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxStreamModeIT {
  static final Duration WAIT = Duration.ofMinutes(4);
  static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/" + Sandbox.STREAM_NAME;
  @TempDir
  static Path dir;
  static SandboxJar sandbox;
  static Kubectl kubectl;

  @BeforeAll
  static void startTheSandboxInStreamMode() {
    sandbox = SandboxJar.start("--mode", "stream", "--kubeconfig", dir.resolve("kubeconfig").toString(),
        "--log", dir.resolve("sandbox.log").toString());
    kubectl = new Kubectl(dir.resolve("kubeconfig"));
  }

  @AfterAll
  static void stopTheSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  static Kubectl.Result ok(Kubectl.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }

  @Test
  @Order(1)
  void theStartUpBlockNamesTheLocalKinesisAndTheStreamModeSample() {
    String block = String.join("\n", sandbox.startUpBlock());
    assertThat(block).containsPattern("Kinesis \\(kinesis-local 0\\.6\\.2\\) +http://127\\.0\\.0\\.1:\\d+  stream "
            + Sandbox.STREAM_NAME + " \\(2 shards\\)")
        .contains("Applied samples/sandbox-stream.yaml as sandbox/demo",
            "published to the stream " + Sandbox.STREAM_NAME);
  }

  @Test
  @Order(2)
  void thePipelineBecomesReadyRelayingTheStreamAndTheReportShowsIt() {
    ok(kubectl.run("wait", "--for=condition=Ready", "dcp/demo", "--timeout=240s"));
    assertThat(ok(kubectl.run("get", "dcp", "demo", "-o", "jsonpath={.status.stream.streamArn}")).out())
        .isEqualTo(STREAM_ARN);
    await().atMost(WAIT).until(() -> sandbox.console().stream()
        .anyMatch(l -> l.contains("sandbox/demo  phase=Streaming ready=True tables=2/2")
            && l.contains("stream=" + Sandbox.STREAM_NAME + " shards=2")));
  }

  @Test
  @Order(3)
  void theSimulatedWritesArriveInKafkaAsChangeEventsDeletesIncluded() {
    try (CapturedEvents events = new CapturedEvents(kafkaClientProperties(), "sandbox")) {
      await().atMost(WAIT).until(() -> events.of("sandbox.demo.customers").stream()
          .anyMatch(e -> e.op().equals("c") && e.after().path("email").asText().matches("c\\d+@example\\.com")));
      await().atMost(WAIT).until(() -> events.of("sandbox.demo.orders").stream().map(Event::op).toList()
          .containsAll(java.util.List.of("c", "u", "d")) && events.tombstones() > 0);
    }
  }

  @Test
  @Order(4)
  void theEmulatorsKeysReachTheRuntimeButNotTheResourceOrItsDeployment() {
    String secret = KinesisLocal.perClass().credentials().secretAccessKey();
    assertThat(ok(kubectl.run("get", "dcp", "demo", "-o", "yaml")).out()).doesNotContain(secret, "AWS_");
    assertThat(ok(kubectl.run("get", "deployment", "demo", "-o", "yaml")).out()).doesNotContain(secret, "AWS_");
  }

  /** The sandbox's SASL listener as the start-up block names it, with the user and password of its Secret. */
  static Map<String, Object> kafkaClientProperties() {
    String servers = sandbox.startUpBlock().stream().filter(l -> l.strip().startsWith("Kafka (KRaft, SASL/PLAIN)"))
        .findFirst().orElseThrow().strip().split("\\s+")[3];
    String user = secretValue("username");
    String password = secretValue("password");
    return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers,
        CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
        SaslConfigs.SASL_MECHANISM, "PLAIN",
        SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + user + "\" password=\"" + password + "\";");
  }

  static String secretValue(String key) {
    String encoded = ok(kubectl.run("get", "secret", Sandbox.KAFKA_SECRET, "-o", "jsonpath={.data." + key + "}")).out();
    return new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
  }
}
