package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.HeldTransaction;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LateCommitTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  private List<Event> events(String topic) {
    return fixture.events(kafka.readCommitted(topic));
  }

  private static long countOf(List<Event> events, int id) {
    return events.stream().filter(e -> e.key().get("id").asInt() == id).count();
  }

  @Test
  void rowCommittedTwentySecondsLateWithAnOldCursorIsCapturedExactlyOnce() throws Exception {
    pg.execute("CREATE TABLE late (id int PRIMARY KEY, note text, updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE INDEX late_cursor ON late (updated_at, id)");
    String topic = "late.public.late";
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("late", "[{name: late, cursor: updated_at}]",
        "{pollInterval: 200ms, maxPollInterval: 1s, maxTransactionDuration: 60s}", "{}"));
         HeldTransaction held = pg.holdTransaction()) {
      held.execute("INSERT INTO late (id, note) VALUES (500000, 'late')");
      long heldStart = pg.queryForLong("SELECT min(CAST(EXTRACT(EPOCH FROM xact_start) * 1000 AS bigint))"
          + " FROM pg_stat_activity WHERE state = 'idle in transaction'");
      // on-time rows in the late row's cursor slice, then newer ones while the transaction stays open for 20 s
      pg.execute("INSERT INTO late (id, note) SELECT g, 'on time' FROM generate_series(1, 1000) g");
      await().atMost(Duration.ofSeconds(30)).until(() -> events(topic).size() >= 1000);
      for (int batch = 1; batch <= 10; batch++) {
        pg.execute("INSERT INTO late (id, note) SELECT g, 'on time' FROM generate_series("
            + (batch * 1000 + 1) + ", " + (batch * 1000 + 999) + ") g");
      }
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
          pg.queryForLong("SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS bigint)") - heldStart >= 20_000);
      assertThat(countOf(events(topic), 500000)).as("invisible before its commit").isZero();
      held.commit();

      await().atMost(Duration.ofSeconds(30)).until(() -> countOf(events(topic), 500000) == 1);
      // later rows and further window passes must not emit the late row again
      pg.execute("INSERT INTO late (id, note) VALUES (20000, 'after')");
      await().atMost(Duration.ofSeconds(30)).until(() -> countOf(events(topic), 20000) == 1);
      double windowQueries = pipeline.metrics().count("dsqlcdc.window.queries", "kind", "digest");
      await().atMost(Duration.ofSeconds(30))
          .until(() -> pipeline.metrics().count("dsqlcdc.window.queries", "kind", "digest") >= windowQueries + 3);
      List<Event> all = events(topic);
      assertThat(countOf(all, 500000)).isEqualTo(1);
      assertThat(all).hasSize(1000 + 10 * 999 + 2);
      assertThat(all).extracting(e -> e.key().get("id").asInt()).doesNotHaveDuplicates();
      assertThat(all).extracting(Event::op).containsOnly("c");
      double read = pipeline.metrics().count("dsqlcdc.rows.read");
      double windowRead = pipeline.metrics().count("dsqlcdc.rows.read", "query", "window");
      double emitted = pipeline.metrics().count("dsqlcdc.rows.emitted");
      System.out.printf("FIGURE late-row window: rows read %.0f (window %.0f), emitted %.0f, read amplification %.2f,"
              + " digest queries %.0f, slice reads %.0f%n", read, windowRead, emitted, read / emitted,
          pipeline.metrics().count("dsqlcdc.window.queries", "kind", "digest"),
          pipeline.metrics().count("dsqlcdc.window.queries", "kind", "slice"));
    }
  }

  /** A table {@code (id, updated_at)} streamed into topic {@code <table>.public.<table>}, polled every 100 ms. */
  private CapturePipeline streamNewTable(String table, String maxTransactionDuration) throws Exception {
    pg.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())");
    return fixture.startStreaming(fixture.yaml(table, "[{name: " + table + ", cursor: updated_at}]",
        "{pollInterval: 100ms, maxPollInterval: 500ms, maxTransactionDuration: " + maxTransactionDuration + "}", "{}"));
  }

  @Test
  void rowCommittedLateIntoAnIdleTableIsCaptured() throws Exception {
    String topic = "late_idle.public.late_idle";
    try (CapturePipeline pipeline = streamNewTable("late_idle", "300s");
         HeldTransaction held = pg.holdTransaction()) {
      held.execute("INSERT INTO late_idle (id) VALUES (2)");
      // a newer row moves the head past the held row's cursor, very likely within the same 100 ms slice
      pg.execute("INSERT INTO late_idle (id) VALUES (1)");
      await().atMost(Duration.ofSeconds(30)).until(() -> countOf(events(topic), 1) == 1);
      held.commit();

      await().atMost(Duration.ofSeconds(30)).until(() -> countOf(events(topic), 2) == 1);
      assertThat(events(topic)).extracting(e -> e.key().get("id").asInt()).containsExactly(1, 2);
    }
  }

  @Test
  void rowCommittedLateIsCapturedWhileNewRowsKeepArriving() throws Exception {
    String topic = "late_busy.public.late_busy";
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      for (int id = 1; writing.get(); id++) {
        pg.execute("INSERT INTO late_busy (id) VALUES (" + id + ")");
        LockSupport.parkNanos(20_000_000L);
      }
    });
    try (CapturePipeline pipeline = streamNewTable("late_busy", "60s");
         HeldTransaction held = pg.holdTransaction()) {
      held.execute("INSERT INTO late_busy (id) VALUES (1000000)");
      writer.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> events(topic).size() >= 50);
      held.commit();

      // the sweep compares every slice once a second (1/60 of 60 s); the head keeps moving meanwhile
      await().atMost(Duration.ofSeconds(15)).until(() -> countOf(events(topic), 1000000) == 1);
    } finally {
      writing.set(false);
      writer.join();
    }
  }

  @Test
  void anIdleTableStopsComparingItsWindowOnceTheWindowSettles() throws Exception {
    String topic = "settles.public.settles";
    try (CapturePipeline pipeline = streamNewTable("settles", "2s")) {
      pg.execute("INSERT INTO settles (id) SELECT g FROM generate_series(1, 100) g");
      await().atMost(Duration.ofSeconds(30)).until(() -> events(topic).size() == 100);
      double[] last = {-1};

      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
        double digests = pipeline.metrics().count("dsqlcdc.window.queries", "kind", "digest");
        boolean unchanged = digests == last[0];
        last[0] = digests;
        return unchanged;
      });
      assertThat(last[0]).as("the window was compared before it settled").isPositive();
    }
  }
}
