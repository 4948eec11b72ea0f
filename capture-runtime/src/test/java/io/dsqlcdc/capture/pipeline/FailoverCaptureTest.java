package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import io.dsqlcdc.testsupport.proxy.FaultProxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two endpoints, each through its own fault proxy, to one database: the peers of a multi-region cluster. */
class FailoverCaptureTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.shared();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @Test
  void cuttingThePrimaryMovesCaptureToThePeerWithoutLossOrDuplicate() throws Exception {
    pg.execute("CREATE TABLE failover_items (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())");
    String topic = "failover.public.failover_items";
    try (FaultProxy primary = FaultProxy.start(pg.host(), pg.port());
         FaultProxy peer = FaultProxy.start(pg.host(), pg.port());
         CapturePipeline pipeline = fixture.startStreaming(yaml(primary, peer))) {
      insert(0, 50);
      awaitEvents(topic, 50);
      awaitSource(pipeline, address(primary));

      primary.refuse();
      primary.cut();
      insert(50, 100);
      List<Event> events = awaitEvents(topic, 100);

      assertThat(events).hasSize(100);
      assertThat(events.stream().map(e -> e.key().get("id").asInt()).distinct()).hasSize(100);
      awaitSource(pipeline, address(peer));
    }
  }

  /** /status reads the source's health from a background probe, so it follows the switch shortly after. */
  private static void awaitSource(CapturePipeline pipeline, String endpoint) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(pipeline.status().status().source().endpoint()).isEqualTo(endpoint);
      assertThat(pipeline.status().status().source().connected()).isTrue();
    });
  }

  private List<Event> awaitEvents(String topic, int count) {
    return await().atMost(Duration.ofSeconds(60)).until(() -> fixture.events(kafka.readCommitted(topic)),
        events -> events.size() >= count);
  }

  private static void insert(int from, int to) {
    pg.execute("INSERT INTO failover_items (id) SELECT g FROM generate_series(" + from + ", " + (to - 1) + ") g");
  }

  private String yaml(FaultProxy primary, FaultProxy peer) {
    return """
        source:
          endpoints: ['%s', '%s']
          user: %s
          auth: {type: password, passwordSecret: {name: pg, key: password}}
          tls: {mode: verify-full, caFile: '%s'}
          pool: {maxSize: 4, minIdle: 1, connectionTimeout: 1s}
        tables: [{name: failover_items, cursor: updated_at}]
        capture: {pollInterval: 100ms, maxPollInterval: 200ms, maxTransactionDuration: 5s}
        sink: {bootstrapServers: '%s', topicPrefix: failover}
        """.formatted(address(primary), address(peer), pg.captureUser(), pg.caCertificateFile(),
        kafka.bootstrapServers());
  }

  private static String address(FaultProxy proxy) {
    return proxy.host() + ":" + proxy.port();
  }
}
