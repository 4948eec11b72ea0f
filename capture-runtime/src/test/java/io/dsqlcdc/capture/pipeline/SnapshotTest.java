package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SnapshotTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @Test
  void snapshotOfAHundredThousandRowsYieldsOneReadEventPerRow() throws Exception {
    int rows = 100_000;
    pg.execute("CREATE TABLE big (id bigint PRIMARY KEY, name varchar(40) NOT NULL, amount numeric(12,2),"
            + " updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO big SELECT g, 'name-' || g, g * 1.25, now() - interval '1 day' + g * interval '1 ms'"
            + " FROM generate_series(1, " + rows + ") g");
    long started = System.nanoTime();
    try (CapturePipeline pipeline = fixture.start(fixture.yaml("snap", "[{name: public.big, cursor: updated_at}]",
        "{}", "{}"))) {
      List<Event> events = fixture.events(kafka.drain("snap.public.big", rows, Duration.ofMinutes(2)));
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("FIGURE snapshot: %d rows in %.2f s = %.0f rows/s%n", rows, seconds, rows / seconds);
      assertThat(events).hasSize(rows);
      Set<Long> ids = new HashSet<>();
      for (Event e : events) {
        assertThat(e.op()).isEqualTo("r");
        long id = e.key().get("id").asLong();
        assertThat(ids.add(id)).as("key %s unique", id).isTrue();
        assertThat(e.row().get("id").asLong()).isEqualTo(id);
        assertThat(e.row().get("name").asText()).isEqualTo("name-" + id);
        assertThat(e.row().get("amount").asText()).isEqualTo(new java.math.BigDecimal(id).multiply(
            new java.math.BigDecimal("1.25")).setScale(2).toPlainString());
      }
      assertThat(ids).hasSize(rows);
      assertThat(events.get(events.size() - 1).value().get("source").get("snapshot").asText()).isEqualTo("last");
    }
  }

  @Test
  void aSnapshotRequestSnapshotsTheNamedTableAgainOnceAndStreamingGoesOn() throws Exception {
    pg.execute("CREATE TABLE resnap (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO resnap (id) SELECT g FROM generate_series(1, 30) g");
    String topic = "resnap.public.resnap";
    String yaml = fixture.yaml("resnap", "[{name: public.resnap, cursor: updated_at}]", "{pollInterval: 100ms}", "{}");
    try (CapturePipeline pipeline = fixture.startStreaming(yaml)) {
      pg.execute("INSERT INTO resnap (id) SELECT g FROM generate_series(31, 35) g");
      kafka.drain(topic, 35, Duration.ofMinutes(1));
    }
    String requested = yaml + "snapshotRequest: {id: again-1, tables: [resnap]}\n";
    try (CapturePipeline pipeline = fixture.startStreaming(requested)) {
      List<Event> events = fixture.events(kafka.drain(topic, 70, Duration.ofMinutes(1)));
      assertThat(events.subList(35, 70)).allSatisfy(e -> assertThat(e.op()).isEqualTo("r"));
      assertThat(events.subList(35, 70).stream().map(e -> e.key().get("id").asInt()).distinct()).hasSize(35);
    }
    try (CapturePipeline pipeline = fixture.startStreaming(requested)) {
      pg.execute("INSERT INTO resnap (id) VALUES (36)");
      List<Event> events = fixture.events(kafka.drain(topic, 71, Duration.ofMinutes(1)));
      assertThat(events).hasSize(71);
      assertThat(events.get(70).op()).isEqualTo("c");
    }
  }
}
