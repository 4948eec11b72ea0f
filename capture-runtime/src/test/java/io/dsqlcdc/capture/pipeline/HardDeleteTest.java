package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.status.HardDeleteStatus;
import io.dsqlcdc.api.status.TableReasons;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rows removed with DELETE come out as d plus a tombstone, found by the key-range digest scan (issue 12). */
class HardDeleteTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  private static final String CAPTURE = "{pollInterval: 100ms, maxPollInterval: 300ms, maxTransactionDuration: 5s}";

  /** A statement run every {@code periodMillis} on a thread of its own until closed. */
  private static final class Writer implements AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong round = new AtomicLong();

    Writer(long periodMillis, Consumer<Long> each) {
      executor.scheduleWithFixedDelay(() -> each.accept(round.getAndIncrement()), 0, periodMillis,
          TimeUnit.MILLISECONDS);
    }

    long rounds() {
      return round.get();
    }

    @Override
    public void close() throws InterruptedException {
      executor.shutdown();
      executor.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  private static Map<Integer, List<String>> opsByKey(List<Event> events) {
    Map<Integer, List<String>> out = new LinkedHashMap<>();
    for (Event e : events) {
      out.computeIfAbsent(e.key().get("id").asInt(), k -> new ArrayList<>()).add(e.op());
    }
    return out;
  }

  private static double scans(CapturePipeline pipeline) {
    return pipeline.metrics().count("dsqlcdc.hard_delete.scans");
  }

  /** Waits until {@code n} more complete scans than now have run. */
  private static void awaitScans(CapturePipeline pipeline, int n) {
    double target = scans(pipeline) + n;
    await().atMost(Duration.ofSeconds(60)).until(() -> scans(pipeline) >= target);
  }

  @Test
  void deletedKeysGetExactlyOneDeleteAndTombstoneWithinThreeScanIntervalsWhileWritesContinue() throws Exception {
    pg.execute("CREATE TABLE hd_accept (id int PRIMARY KEY, payload text, updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE INDEX hd_accept_cursor ON hd_accept (updated_at, id)",
        "INSERT INTO hd_accept SELECT g, 'row ' || g, now() - interval '1 hour' FROM generate_series(1, 10000) g");
    String topic = "hda.public.hd_accept";
    TreeSet<Integer> deleted = new TreeSet<>(List.of(1, 10_000, 5_000));
    for (int k = 2_000; k < 2_500; k++) {
      deleted.add(k);
    }
    for (int i = 0; i < 50; i++) {
      deleted.add(6_001 + i * 70);
    }
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("hda",
        "[{name: hd_accept, cursor: updated_at, hardDeletes: {enabled: true, scanInterval: 2s}}]", CAPTURE, "{}"))) {
      awaitScans(pipeline, 1);
      long deletedAt;
      int inserted;
      try (Writer writer = new Writer(20, n -> pg.execute(
          "INSERT INTO hd_accept (id, payload) VALUES (" + (20_000 + n) + ", 'new')",
          // updates keys that stay, and some that are deleted (then updating nothing)
          "UPDATE hd_accept SET payload = 'update " + n + "', updated_at = now() WHERE id = " + (1 + (n * 7919) % 10_000)))) {
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.rounds() >= 20);
        deletedAt = System.nanoTime();
        pg.execute("DELETE FROM hd_accept WHERE id IN (1, 10000, 5000)",
            "DELETE FROM hd_accept WHERE id >= 2000 AND id < 2500",
            "DELETE FROM hd_accept WHERE id IN (" + String.join(", ",
                deleted.stream().filter(k -> k > 6_000).map(String::valueOf).toList()) + ")");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
          Map<Integer, List<String>> ops = opsByKey(fixture.events(kafka.readCommitted(topic)));
          return deleted.stream().allMatch(k -> ops.getOrDefault(k, List.of()).contains("tombstone"));
        });
        double seconds = (System.nanoTime() - deletedAt) / 1e9;
        System.out.printf("FIGURE hard deletes: %d deleted keys all emitted as d + tombstone %.2f s after the DELETEs"
            + " (scanInterval 2s; %d writer rounds meanwhile)%n", deleted.size(), seconds, writer.rounds());
        assertThat(seconds).as("detection within 3 scan intervals").isLessThanOrEqualTo(6.0);
        inserted = (int) writer.rounds();
      }
      // writes stopped: two more scans find nothing further
      awaitScans(pipeline, 2);
      List<Event> events = fixture.events(kafka.readCommitted(topic));
      Map<Integer, List<String>> ops = opsByKey(events);
      for (int k : deleted) {
        List<String> keyOps = ops.get(k);
        assertThat(keyOps).as("key %d", k).containsOnlyOnce("d");
        assertThat(keyOps.subList(keyOps.size() - 2, keyOps.size())).as("key %d", k).containsExactly("d", "tombstone");
      }
      ops.forEach((k, keyOps) -> {
        if (!deleted.contains(k)) {
          assertThat(keyOps).as("key %d was not deleted", k).doesNotContain("d", "tombstone");
        }
      });
      assertThat(ops.keySet()).filteredOn(k -> k >= 20_000).hasSizeGreaterThanOrEqualTo(inserted - 1);
      Event first = events.stream().filter(e -> e.op().equals("d") && e.key().get("id").asInt() == 1).findFirst()
          .orElseThrow();
      assertThat(first.envelope().get("before").get("id").asInt()).isEqualTo(1);
      assertThat(first.envelope().get("before").has("payload")).isTrue();
      assertThat(first.envelope().get("after").isNull()).isTrue();
      assertThat(first.envelope().get("source").get("table").asText()).isEqualTo("hd_accept");
      HardDeleteStatus status = pipeline.status().status().tables().get(0).hardDeletes();
      assertThat(status.deletesFound()).isEqualTo(deleted.size());
      assertThat(status.lastCompletedScan()).isNotNull();
      System.out.printf("FIGURE hard-delete scans: %.0f scans, keys compared %.0f, ranges re-read %.0f, queries %.0f,"
              + " rows digested by the database %.0f, rows transferred %.0f%n", scans(pipeline),
          pipeline.metrics().count("dsqlcdc.hard_delete.keys.compared"),
          pipeline.metrics().count("dsqlcdc.hard_delete.ranges.reread"),
          pipeline.metrics().count("dsqlcdc.hard_delete.queries"),
          pipeline.metrics().count("dsqlcdc.hard_delete.rows.digested"),
          pipeline.metrics().count("dsqlcdc.hard_delete.rows.transferred"));
    }
  }

  @Test
  void aKeyDeletedAndInsertedAgainBetweenOrDuringScansNeverEndsWithADelete() throws Exception {
    pg.execute("CREATE TABLE hd_revive (id int PRIMARY KEY, payload text, updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO hd_revive SELECT g, 'row ' || g, now() - interval '1 hour' FROM generate_series(1, 3000) g");
    String topic = "hdr.public.hd_revive";
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("hdr",
        "[{name: hd_revive, cursor: updated_at, hardDeletes: {enabled: true, scanInterval: 1s}}]", CAPTURE, "{}"))) {
      awaitScans(pipeline, 1);
      // between scans: deleted and inserted again at once
      pg.execute("DELETE FROM hd_revive WHERE id = 7", "INSERT INTO hd_revive (id, payload) VALUES (7, 'again')");
      // found deleted by a scan, then inserted again: d, then c
      pg.execute("DELETE FROM hd_revive WHERE id = 8");
      await().atMost(Duration.ofSeconds(30)).until(() ->
          opsByKey(fixture.events(kafka.readCommitted(topic))).getOrDefault(8, List.of()).contains("tombstone"));
      pg.execute("INSERT INTO hd_revive (id, payload) VALUES (8, 'back')");
      // while scans run: keys 100-119 deleted and inserted again over and over, each staying deleted 0-900 ms, so
      // some deletes are found (d, then c) and some reinserts land within the scan that looks at the key
      ScheduledExecutorService reinserts = Executors.newSingleThreadScheduledExecutor();
      try (Writer churn = new Writer(50, n -> {
        int id = 100 + (int) (n % 20);
        pg.execute("DELETE FROM hd_revive WHERE id = " + id);
        reinserts.schedule(() -> pg.execute("INSERT INTO hd_revive (id, payload) VALUES (" + id + ", 'churn " + n
            + "') ON CONFLICT (id) DO NOTHING"), (n * 37) % 900, TimeUnit.MILLISECONDS);
      })) {
        awaitScans(pipeline, 5);
      }
      reinserts.shutdown();
      assertThat(reinserts.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      awaitScans(pipeline, 2);
      Map<Integer, List<String>> ops = opsByKey(fixture.events(kafka.readCommitted(topic)));
      assertThat(ops.get(7)).last().isIn("c", "u");
      assertThat(ops.get(8)).containsSubsequence("d", "tombstone", "c");
      assertThat(ops.get(8)).last().isEqualTo("c");
      for (int id = 100; id < 120; id++) {
        assertThat(ops.get(id)).as("key %d", id).last().isIn("c", "u");
      }
      System.out.printf("FIGURE hard-delete races: churned keys' d events %d over %.0f scans%n",
          ops.entrySet().stream().filter(e -> e.getKey() >= 100 && e.getKey() < 120)
              .mapToLong(e -> e.getValue().stream().filter("d"::equals).count()).sum(), scans(pipeline));
    }
  }

  @Test
  void aCompositeTextAndUuidKeyIsRangeScannedInTheDatabasesOrder() throws Exception {
    // mixed-case tenants: "C" order (B < a) differs from a linguistic collation's
    pg.execute("CREATE TABLE hd_composite (tenant text, id uuid, updated_at timestamptz NOT NULL DEFAULT now(),"
            + " PRIMARY KEY (tenant, id))",
        "INSERT INTO hd_composite SELECT (ARRAY['a', 'B', 'b', 'A', 'é'])[1 + g % 5], CAST(md5(CAST(g AS text)) AS uuid),"
            + " now() - interval '1 hour' FROM generate_series(1, 3000) g");
    String topic = "hdc.public.hd_composite";
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("hdc",
        "[{name: hd_composite, cursor: updated_at, hardDeletes: {enabled: true, scanInterval: 1s}}]", CAPTURE, "{}"))) {
      awaitScans(pipeline, 1);
      pg.execute("DELETE FROM hd_composite WHERE CAST(id AS text) < '0a'");
      long deleted = 3000 - pg.queryForLong("SELECT count(*) FROM hd_composite");
      awaitScans(pipeline, 2);
      List<Event> events = fixture.events(kafka.readCommitted(topic));
      List<String> deletedKeys = events.stream().filter(e -> e.op().equals("d"))
          .map(e -> e.key().get("id").asText()).toList();
      assertThat(deletedKeys).hasSize((int) deleted).doesNotHaveDuplicates()
          .allSatisfy(id -> assertThat(id).isLessThan("0a"));
      // our order is the database's: with nothing deleted since, every range's digest agrees at once
      double reRead = pipeline.metrics().count("dsqlcdc.hard_delete.ranges.reread");
      awaitScans(pipeline, 2);
      assertThat(pipeline.metrics().count("dsqlcdc.hard_delete.ranges.reread")).isEqualTo(reRead);
    }
  }

  @Test
  void aTableWhoseKeyCannotBeRangeScannedIsReportedAndKeepsFlowing() throws Exception {
    pg.execute("CREATE TABLE hd_timekey (at timestamptz PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE TABLE hd_fine (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())");
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("hdk",
        "[{name: hd_timekey, cursor: updated_at, hardDeletes: {enabled: true, scanInterval: 1s}},"
            + " {name: hd_fine, cursor: updated_at, hardDeletes: {enabled: true, scanInterval: 1s}}]", CAPTURE, "{}"))) {
      pg.execute("INSERT INTO hd_timekey (at) VALUES (now())", "INSERT INTO hd_fine (id) VALUES (1)");
      fixture.events(kafka.drain("hdk.public.hd_timekey", 1, Duration.ofSeconds(60)));
      pg.execute("DELETE FROM hd_fine WHERE id = 1");
      kafka.drain("hdk.public.hd_fine", 3, Duration.ofSeconds(60));
      TableStatus timekey = pipeline.status().status().tables().stream()
          .filter(t -> t.name().equals("public.hd_timekey")).findFirst().orElseThrow();
      assertThat(timekey.state()).isEqualTo(TableState.Streaming);
      assertThat(timekey.hardDeletes().reason()).isEqualTo(TableReasons.KEY_NOT_RANGE_SCANNABLE);
      assertThat(timekey.hardDeletes().message()).contains("at timestamptz");
    }
  }
}
