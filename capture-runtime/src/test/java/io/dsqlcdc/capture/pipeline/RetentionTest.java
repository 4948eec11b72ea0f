package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1 of issue 17: what comes out does not depend on the event topics' retention. Keys streamed before the
 * event topic was trimmed (or deleted) are updated and soft-deleted after a restart: every update gives u, every soft
 * delete d and a tombstone, nothing is emitted twice.
 */
class RetentionTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @TempDir
  Path dir;

  private String yaml(String prefix, String table) {
    return fixture.yaml(prefix, "[{name: " + table + ", cursor: updated_at, softDelete: {column: deleted_at}}]",
        "{pollInterval: 100ms, maxPollInterval: 300ms, maxTransactionDuration: 3s}", "{}");
  }

  /** 90 rows inserted while streaming, their 90 c events committed, and the runtime stopped (within the window). */
  private void streamNinetyKeysAndStop(String table, String yaml, Path state) throws Exception {
    pg.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, payload text, deleted_at timestamptz,"
        + " updated_at timestamptz NOT NULL DEFAULT now())");
    try (CapturePipeline pipeline = fixture.startStreaming(yaml, state)) {
      pg.execute("INSERT INTO " + table + " (id, payload) SELECT g, 'first' FROM generate_series(1, 90) g");
      await().atMost(Duration.ofSeconds(60)).until(() -> kafka.readCommitted(topic(table)).size() == 90);
    }
  }

  private static String topic(String table) {
    return "ret-" + table + ".public." + table;
  }

  /** After the restart: 30 old keys updated, 30 soft-deleted; returns what the event topic holds from then on. */
  private List<Event> updateAndSoftDeleteOldKeys(String table, String yaml, Path state) throws Exception {
    try (CapturePipeline pipeline = fixture.startStreaming(yaml, state)) {
      pg.execute("UPDATE " + table + " SET payload = 'second', updated_at = now() WHERE id <= 30",
          "UPDATE " + table + " SET deleted_at = now(), updated_at = now() WHERE id BETWEEN 31 AND 60");
      // 30 u, 30 d, 30 tombstones; and nothing more while the window (3 s) is swept again and settles
      await().atMost(Duration.ofSeconds(60)).during(Duration.ofSeconds(5))
          .until(() -> kafka.readCommitted(topic(table)).size() == 90);
      return fixture.events(kafka.readCommitted(topic(table)));
    }
  }

  private static void assertUpdatesAndSoftDeletesOfOldKeys(List<Event> events) {
    Map<String, Long> ops = events.stream().collect(Collectors.groupingBy(Event::op, Collectors.counting()));
    assertThat(ops).containsExactlyInAnyOrderEntriesOf(Map.of("u", 30L, "d", 30L, "tombstone", 30L));
    assertThat(events.stream().filter(e -> e.op().equals("u")).map(e -> e.key().get("id").asInt()))
        .containsExactlyInAnyOrderElementsOf(range(1, 30));
    assertThat(events.stream().filter(e -> e.op().equals("d")).map(e -> e.key().get("id").asInt()))
        .containsExactlyInAnyOrderElementsOf(range(31, 60));
  }

  private static List<Integer> range(int from, int to) {
    return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void afterRetentionTrimmedTheEventTopicUpdatesOfOldKeysGiveUAndSoftDeletesGiveDAndATombstone() throws Exception {
    String table = "trimmed";
    String yaml = yaml("ret-" + table, table);
    Path state = dir.resolve("state");
    streamNinetyKeysAndStop(table, yaml, state);
    fixture.trim(topic(table));
    assertThat(kafka.readCommitted(topic(table))).as("the trimmed topic").isEmpty();

    assertUpdatesAndSoftDeletesOfOldKeys(updateAndSoftDeleteOldKeys(table, yaml, state));
  }

  @Test
  void afterTheEventTopicWasDeletedAndTheDiskLostUpdatesOfOldKeysGiveUAndSoftDeletesGiveDAndATombstone()
      throws Exception {
    String table = "deleted";
    String yaml = yaml("ret-" + table, table);
    streamNinetyKeysAndStop(table, yaml, dir.resolve("first-disk"));
    fixture.deleteTopic(topic(table));

    assertUpdatesAndSoftDeletesOfOldKeys(updateAndSoftDeleteOldKeys(table, yaml, dir.resolve("second-disk")));
  }
}
