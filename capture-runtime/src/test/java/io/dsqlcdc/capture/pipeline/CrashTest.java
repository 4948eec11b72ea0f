package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CrashTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @TempDir
  Path dir;

  /** Five new rows and an update of an existing one. */
  private static void round(long n) {
    long id = 1_000_000 + n * 5;
    pg.execute("INSERT INTO crash (id, payload) SELECT g, 'new' FROM generate_series(" + id + ", " + (id + 4) + ") g",
        "UPDATE crash SET payload = 'update " + n + "', updated_at = now() WHERE id = " + (1 + (n * 7919) % 20_000));
  }

  @Test
  void killedMidSnapshotAndMidStreamTheRuntimeResumesWithItsStateKeptOrLostWithoutDuplicatesOrGaps()
      throws Exception {
    pg.execute("CREATE TABLE crash (id bigint PRIMARY KEY, payload text, updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO crash SELECT g, 'old', now() - interval '1 hour' FROM generate_series(1, 20000) g");
    Path config = Files.writeString(dir.resolve("pipeline.yaml"), fixture.yaml("crash",
        "[{name: crash, cursor: updated_at}]",
        "{batchSize: 250, pollInterval: 100ms, maxPollInterval: 500ms, maxTransactionDuration: 5s}", "{}"));
    Path log = dir.resolve("runtime.log");
    try (RoundLoad load = RoundLoad.pausing(Duration.ofMillis(20), CrashTest::round)) {
      Path kept = dir.resolve("state");
      try (RuntimeProcess first = RuntimeProcess.start(config, kept, fixture.env(), log)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> snapshotRows(first) >= 2_000);
        first.kill();
      }
      try (RuntimeProcess second = RuntimeProcess.start(config, kept, fixture.env(), log)) {
        await().atMost(Duration.ofSeconds(90)).until(() -> "Streaming".equals(tableState(second)));
        long atStreaming = rowsCaptured(second);
        await().atMost(Duration.ofSeconds(60)).until(() -> rowsCaptured(second) >= atStreaming + 500);
        second.kill();
      }
      // the third runs on a new disk: its state comes from the changelog alone
      try (RuntimeProcess third = RuntimeProcess.start(config, dir.resolve("new-disk"), fixture.env(), log)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> "Streaming".equals(tableState(third)));
        assertThat(table(third).at("/stateStore/restoredFrom").asText()).isEqualTo("changelog");
        load.close();
        Map<Long, Long> current = currentVersions();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
            .until(() -> missing(current, fixture.events(kafka.readCommitted("crash.public.crash"))).isEmpty());
        assertThat(third.terminate()).as("exit code after SIGTERM").isZero();
      }
    }
    List<Event> events = fixture.events(kafka.readCommitted("crash.public.crash"));
    Set<String> versions = new HashSet<>();
    Map<Long, Integer> firstSeen = new HashMap<>();
    for (Event e : events) {
      long id = e.key().get("id").asLong();
      String version = id + "@" + e.value().get("source").get("sequence").asText();
      assertThat(versions.add(version)).as("version %s emitted once", version).isTrue();
      if (e.op().equals("r") || e.op().equals("c")) {
        firstSeen.merge(id, 1, Integer::sum);
      } else {
        assertThat(firstSeen).as("update of %d after its r or c", id).containsKey(id);
      }
    }
    assertThat(firstSeen.values()).as("one r or c per key").containsOnly(1);
    Map<Long, Long> current = currentVersions();
    assertThat(firstSeen.keySet()).containsExactlyInAnyOrderElementsOf(current.keySet());
    assertThat(missing(current, events)).isEmpty();
    System.out.printf("FIGURE crash: %d rows, %d events after two SIGKILLs, no duplicates%n", current.size(), events.size());
  }

  /** Current (id -> cursor µs) of every row. */
  private static Map<Long, Long> currentVersions() throws Exception {
    Map<Long, Long> out = new HashMap<>();
    try (Connection c = pg.superuserDataSource().getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id, CAST(EXTRACT(EPOCH FROM updated_at) * 1000000 AS bigint) FROM crash")) {
      while (rs.next()) {
        out.put(rs.getLong(1), rs.getLong(2));
      }
    }
    return out;
  }

  private static Set<Long> missing(Map<Long, Long> current, List<Event> events) {
    Set<String> seen = new HashSet<>();
    for (Event e : events) {
      if (e.value() != null) {
        seen.add(e.key().get("id").asLong() + "@" + e.value().get("source").get("sequence").asText());
      }
    }
    Set<Long> missing = new HashSet<>();
    current.forEach((id, cursor) -> {
      if (!seen.contains(id + "@" + cursor)) {
        missing.add(id);
      }
    });
    return missing;
  }

  private static JsonNode table(RuntimeProcess p) {
    JsonNode status = p.status();
    return status == null ? null : status.at("/tables/0");
  }

  private static long snapshotRows(RuntimeProcess p) {
    JsonNode t = table(p);
    return t == null ? 0 : t.path("snapshotRowsRead").asLong(0);
  }

  private static long rowsCaptured(RuntimeProcess p) {
    JsonNode t = table(p);
    return t == null ? 0 : t.path("rowsCaptured").asLong(0);
  }

  private static String tableState(RuntimeProcess p) {
    JsonNode t = table(p);
    return t == null ? null : t.path("state").asText(null);
  }
}
