package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StreamingTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  private List<Event> awaitEvents(String topic, int count) {
    return fixture.events(fixture.awaitRecords(topic, count));
  }

  @Test
  void insertUpdateAndSoftDeleteBecomeCreateUpdateDeleteAndTombstoneInOrder() throws Exception {
    pg.execute("CREATE TABLE items (id int PRIMARY KEY, name text, deleted_at timestamptz,"
        + " updated_at timestamptz NOT NULL DEFAULT now())");
    String topic = "stream.public.items";
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("stream",
        "[{name: items, cursor: updated_at, softDelete: {column: deleted_at}}]",
        "{pollInterval: 100ms, maxPollInterval: 500ms, maxTransactionDuration: 10s}", "{}"))) {
      pg.execute("INSERT INTO items (id, name) VALUES (1, 'one')");
      awaitEvents(topic, 1);
      pg.execute("UPDATE items SET name = 'uno', updated_at = now() WHERE id = 1");
      awaitEvents(topic, 2);
      pg.execute("UPDATE items SET deleted_at = now(), updated_at = now() WHERE id = 1");
      List<Event> events = awaitEvents(topic, 4);

      assertThat(events).extracting(Event::op).containsExactly("c", "u", "d", "tombstone");
      assertThat(events.get(0).row().get("name").asText()).isEqualTo("one");
      assertThat(events.get(1).row().get("name").asText()).isEqualTo("uno");
      assertThat(events.get(2).value().get("before").get("id").asInt()).isEqualTo(1);
      assertThat(events.get(2).value().get("after").isNull()).isTrue();
      assertThat(events).allSatisfy(e -> assertThat(e.key().get("id").asInt()).isEqualTo(1));
    }
  }

  @Test
  void aKeyInsertedAgainAfterItsDeleteIsCreatedAgain() throws Exception {
    pg.execute("CREATE TABLE revived (id int PRIMARY KEY, deleted boolean NOT NULL DEFAULT false,"
        + " updated_at timestamptz NOT NULL DEFAULT now())");
    String topic = "revive.public.revived";
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("revive",
        "[{name: revived, cursor: updated_at, softDelete: {column: deleted}}]",
        "{pollInterval: 100ms, maxPollInterval: 500ms, maxTransactionDuration: 10s}", "{tombstones: false}"))) {
      pg.execute("INSERT INTO revived (id) VALUES (5)");
      awaitEvents(topic, 1);
      pg.execute("UPDATE revived SET deleted = true, updated_at = now() WHERE id = 5");
      awaitEvents(topic, 2);
      pg.execute("UPDATE revived SET deleted = false, updated_at = now() WHERE id = 5");
      List<Event> events = awaitEvents(topic, 3);
      assertThat(events).extracting(Event::op).containsExactly("c", "d", "c");
    }
  }

  @Test
  void steadyStreamOfManyTransactionsIsCapturedExactlyOnce() throws Exception {
    // as in production, the cursor is indexed: head scans and window digests are range scans
    pg.execute("CREATE TABLE steady (id int PRIMARY KEY, payload text, updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE INDEX steady_cursor ON steady (updated_at, id)");
    int transactions = 40;
    int rowsEach = 500;
    String topic = "steady.public.steady";
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("steady", "[{name: steady, cursor: updated_at}]",
        "{pollInterval: 200ms, maxPollInterval: 1s, maxTransactionDuration: 60s}", "{}"))) {
      long started = System.nanoTime();
      String[] inserts = new String[transactions];
      for (int t = 0; t < transactions; t++) {
        inserts[t] = "INSERT INTO steady (id, payload) SELECT g, 'row ' || g FROM generate_series("
            + (t * rowsEach + 1) + ", " + ((t + 1) * rowsEach) + ") g";
      }
      pg.execute(inserts);
      List<Event> events = fixture.events(kafka.drain(topic, transactions * rowsEach, Duration.ofMinutes(2)));
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(events).hasSize(transactions * rowsEach);
      assertThat(events).extracting(e -> e.key().get("id").asInt()).doesNotHaveDuplicates();
      assertThat(events).extracting(Event::op).containsOnly("c");
      double read = pipeline.metrics().count("dsqlcdc.rows.read");
      double emitted = pipeline.metrics().count("dsqlcdc.rows.emitted");
      System.out.printf("FIGURE streaming: %d rows in %d transactions captured in %.2f s = %.0f rows/s;"
              + " rows read %.0f (window %.0f) / emitted %.0f = read amplification %.2f; digest queries %.0f,"
              + " slice reads %.0f%n", transactions * rowsEach, transactions, seconds, transactions * rowsEach / seconds,
          read, pipeline.metrics().count("dsqlcdc.rows.read", "query", "window"), emitted, read / emitted,
          pipeline.metrics().count("dsqlcdc.window.queries", "kind", "digest"),
          pipeline.metrics().count("dsqlcdc.window.queries", "kind", "slice"));
    }
  }
}
