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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 3 of issue 12: the runtime SIGKILLed in the middle of a hard-delete scan loses and repeats no delete. */
class HardDeleteCrashTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @TempDir
  Path dir;

  private static final int ROWS = 400_000;
  private static final String TOPIC = "hdcrash.public.hd_crash";

  @Test
  void killedInTheMiddleOfAScanTheRuntimeResumesItWithoutLosingOrRepeatingADelete() throws Exception {
    // four scan steps of 100,000 keys each
    pg.execute("CREATE TABLE hd_crash (id bigint PRIMARY KEY, payload text, updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO hd_crash SELECT g, 'row ' || g, now() - interval '1 hour' FROM generate_series(1, " + ROWS + ") g");
    Path config = Files.writeString(dir.resolve("pipeline.yaml"), fixture.yaml("hdcrash",
        "[{name: hd_crash, cursor: updated_at, hardDeletes: {enabled: true, scanInterval: 1s}}]",
        "{batchSize: 5000, pollInterval: 50ms, maxPollInterval: 200ms, maxTransactionDuration: 5s}", "{}"));
    Path log = dir.resolve("runtime.log");
    Path state = dir.resolve("state");
    Set<Long> deletedBefore = new TreeSet<>();
    for (long id = 997; id <= ROWS; id += 1_333) {
      deletedBefore.add(id);
    }
    Set<Long> deletedWhileDown = new TreeSet<>();
    for (long id = 50_001; id <= ROWS; id += 4_001) {
      if (!deletedBefore.contains(id)) {
        deletedWhileDown.add(id);
      }
    }
    long foundBeforeKill;
    try (RuntimeProcess first = RuntimeProcess.start(config, state, fixture.env(), log)) {
      await().atMost(Duration.ofMinutes(3)).until(() -> hardDeletes(first).hasNonNull("lastCompletedScan"));
      pg.execute("DELETE FROM hd_crash WHERE id IN (" + join(deletedBefore) + ")");
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> {
        JsonNode h = hardDeletes(first);
        long found = h.path("deletesFound").asLong();
        return h.hasNonNull("scanProgress") && found > 0 && found < deletedBefore.size();
      });
      foundBeforeKill = hardDeletes(first).path("deletesFound").asLong();
      first.kill();
    }
    pg.execute("DELETE FROM hd_crash WHERE id IN (" + join(deletedWhileDown) + ")");
    int expected = deletedBefore.size() + deletedWhileDown.size();
    try (RuntimeProcess second = RuntimeProcess.start(config, state, fixture.env(), log)) {
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
          deleteCounts(fixture.events(kafka.readCommitted(TOPIC))).size() >= expected);
      // one more complete scan after all were found: nothing is emitted twice
      String completed = hardDeletes(second).path("lastCompletedScan").asText();
      await().atMost(Duration.ofMinutes(2)).until(() ->
          !hardDeletes(second).path("lastCompletedScan").asText().equals(completed));
      assertThat(second.terminate()).as("exit code after SIGTERM").isZero();
    }
    Map<Long, Integer> deletes = deleteCounts(fixture.events(kafka.readCommitted(TOPIC)));
    Set<Long> all = new TreeSet<>(deletedBefore);
    all.addAll(deletedWhileDown);
    assertThat(deletes.keySet()).as("keys with a d").containsExactlyInAnyOrderElementsOf(all);
    assertThat(deletes.values()).as("one d per deleted key").containsOnly(1);
    System.out.printf("FIGURE hard-delete crash: SIGKILL mid-scan after %d of %d deletes were found; %d deletes"
        + " emitted once each after the restart (%d made while the runtime was down)%n", foundBeforeKill,
        deletedBefore.size(), all.size(), deletedWhileDown.size());
  }

  private static String join(Set<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  private static Map<Long, Integer> deleteCounts(List<Event> events) {
    Map<Long, Integer> out = new HashMap<>();
    for (Event e : events) {
      if (e.op().equals("d")) {
        out.merge(e.key().get("id").asLong(), 1, Integer::sum);
      }
    }
    return out;
  }

  private static JsonNode hardDeletes(RuntimeProcess p) {
    JsonNode status = p.status();
    return status == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
        : status.at("/tables/0/hardDeletes");
  }
}
