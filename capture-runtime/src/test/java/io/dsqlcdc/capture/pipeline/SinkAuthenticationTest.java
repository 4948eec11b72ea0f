package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.capture.config.ConfigLoader;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SinkAuthenticationTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.builder().saslPlainUser("alice", "alice-secret").build();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  private CapturePipeline pipeline(String prefix, String password) {
    String yaml = fixture.yaml(prefix, "[{name: sasl_items, cursor: updated_at}]", "{}", "{}")
        .replace("bootstrapServers: " + kafka.bootstrapServers(), "bootstrapServers: " + kafka.saslBootstrapServers()
            + "\n  authentication: {type: plain, usernameSecret: {name: kafka, key: user},"
            + " passwordSecret: {name: kafka, key: password}}");
    Map<String, String> env = Map.of("SECRET_PG_PASSWORD", pg.capturePassword(), "SECRET_KAFKA_USER", "alice",
        "SECRET_KAFKA_PASSWORD", password);
    return new CapturePipeline(new ConfigLoader(env::get).parse(yaml), new CaptureMetrics());
  }

  @Test
  void eventsFlowThroughASaslPlainListenerWithSecretsFromTheEnvironment() throws Exception {
    pg.execute("CREATE TABLE sasl_items (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO sasl_items (id) SELECT g FROM generate_series(1, 20) g");
    try (CapturePipeline pipeline = pipeline("sasl", "alice-secret")) {
      pipeline.start();
      assertThat(kafka.drain("sasl.public.sasl_items", 20, Duration.ofSeconds(60))).hasSize(20);
    }
  }

  @Test
  void aWrongPasswordIsReportedWhileTheRuntimeKeepsTryingUntilStopped() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    try (CapturePipeline pipeline = pipeline("wrong", "not-the-secret")) {
      CompletableFuture<Boolean> started = CompletableFuture.supplyAsync(() -> {
        try {
          return pipeline.start(stop);
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      });
      await().atMost(Duration.ofSeconds(60)).until(() -> "AuthenticationFailed".equals(
          pipeline.status().status().sink().reason()));
      ConnectionStatus sink = pipeline.status().status().sink();
      assertThat(sink.connected()).isFalse();
      assertThat(sink.message()).contains("SASL PLAIN").contains("spec.sink.authentication")
          .doesNotContain("not-the-secret");
      assertThat(pipeline.status().ready()).isFalse();
      assertThat(started).isNotDone();
      stop.countDown();
      assertThat(started.get(60, TimeUnit.SECONDS)).isFalse();
    }
  }
}
