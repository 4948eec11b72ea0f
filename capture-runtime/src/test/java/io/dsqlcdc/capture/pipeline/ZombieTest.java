package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.capture.sink.FencedException;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ZombieTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  private void insert(int from, int to) {
    pg.execute("INSERT INTO z (id) SELECT g FROM generate_series(" + from + ", " + to + ") g");
  }

  @Test
  void aSecondRuntimeWithTheSameIdentityFencesTheFirst() throws Exception {
    pg.execute("CREATE TABLE z (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())");
    String yaml = "apiVersion: dsqlcdc.io/v1alpha1\nkind: DsqlCdcPipeline\nmetadata: {name: zombie, namespace: cdc}\n"
        + "spec:\n" + fixture.yaml("zombie", "[{name: z, cursor: updated_at}]",
        "{pollInterval: 100ms, maxPollInterval: 200ms, maxTransactionDuration: 10s}", "{}").indent(2);
    String topic = "zombie.public.z";
    try (CapturePipeline first = fixture.startStreaming(yaml)) {
      insert(1, 50);
      await().atMost(Duration.ofSeconds(30)).until(() -> kafka.readCommitted(topic).size() == 50);
      try (CapturePipeline second = fixture.startStreaming(yaml)) {
        insert(51, 100);
        RuntimeException failure = first.awaitFailure(Duration.ofSeconds(30));
        assertThat(failure).isInstanceOf(FencedException.class).hasMessageContaining("dsqlcdc-cdc/zombie");
        insert(101, 150);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.readCommitted(topic).size() >= 150);
        List<Event> events = fixture.events(kafka.readCommitted(topic));
        Set<Integer> ids = events.stream().map(e -> e.key().get("id").asInt()).collect(Collectors.toSet());
        assertThat(events).hasSize(150);
        assertThat(ids).hasSize(150);
        assertThat(events).extracting(Event::op).containsOnly("c");
      }
    }
  }
}
