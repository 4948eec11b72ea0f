package io.dsqlcdc.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsqlcdc.bench.data.BenchTable;
import io.dsqlcdc.bench.data.BulkLoader;
import io.dsqlcdc.bench.environment.BenchEnvironment;
import io.dsqlcdc.bench.environment.ScratchDirectory;
import io.dsqlcdc.bench.kafka.ArrivalWatcher;
import io.dsqlcdc.bench.report.ResultRow;
import io.dsqlcdc.bench.report.Subject;
import io.dsqlcdc.bench.runtime.GcLog;
import io.dsqlcdc.bench.runtime.RuntimeProcess;
import io.dsqlcdc.bench.runtime.RuntimeSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Scenario 7: what a restart costs at a table size, and whether a small heap survives the table. The runtime, with
 * {@value #MAX_HEAP}, snapshots a table of N keys and streams two whole-table UPDATEs (three versions per key, the
 * last inside the 300 s window); then it is restarted four times, each time measured from the process's launch
 * until a row inserted just before it is committed in Kafka: with its state directory kept (checkpoint on disk), with
 * the directory deleted (restored from the changelog), with the directory, the changelog topic and the offset's
 * {@code stateInChangelog} marker removed, which makes it rebuild the state from the event topics (the replay every
 * start of the runtime before the state store did, now its one-time migration), and with the directory deleted
 * again, restoring the one record per key the migration wrote, as compaction leaves a changelog.
 */
public final class StateRestartScenario {
  static final String NAME = "7. State restart";
  static final String MAX_HEAP = "-Xmx256m";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSIONS = 3;

  private final BenchContext context;

  public StateRestartScenario(BenchContext context) {
    this.context = context;
  }

  /** One restart: how long to streaming, and what the runtime's /status said about the state it restored. */
  private record Restart(double seconds, String restoredFrom, long recordsRestored, double recordsPerSecond,
                         GcLog gc, double aliveSeconds) {
  }

  public void run() {
    for (int keys : context.profile().restartKeys()) {
      size(keys);
    }
  }

  private void size(int keys) {
    String size = keys % 1_000_000 == 0 ? keys / 1_000_000 + "M" : keys / 1_000 + "k";
    String table = "restart_" + size.toLowerCase(Locale.ROOT);
    String scenario = NAME + ", " + size + " keys";
    try (ScratchDirectory scratch = ScratchDirectory.create("dsqlcdc-bench-state-")) {
      Path dir = scratch.path();
      Path stateDir = dir.resolve("state");
      RuntimeSettings settings = RuntimeSettings.defaults("rt-restart-" + size.toLowerCase(Locale.ROOT), List.of(table))
          .withSnapshot().withStateDir(stateDir);
      var env = context.environment();
      env.postgres().execute(BenchTable.ddl(table));
      BulkLoader.load(env.postgres().superuserDataSource(), table, keys);
      env.postgres().execute("VACUUM ANALYZE " + table);

      long buildStart = System.nanoTime();
      GcLog buildGc;
      double snapshotSeconds;
      double[] memory;
      Path buildLog = dir.resolve("build-gc.log");
      try (RuntimeProcess runtime = context.startRuntime(withHeap(settings, buildLog))) {
        snapshotSeconds = awaitEvents(runtime, "r", keys);
        for (int version = 2; version <= VERSIONS; version++) {
          env.postgres().execute("UPDATE " + table + " SET qty = qty + 1, updated_at = now()");
          awaitEvents(runtime, "u", (long) keys * (version - 1));
        }
        memory = new double[] {runtime.heapAfterGcMiB(), runtime.rssMiB()};
        checkNoOutOfMemory(runtime);
      }
      buildGc = GcLog.read(buildLog);
      double buildSeconds = (System.nanoTime() - buildStart) / 1e9;

      Restart kept = restart(settings, table, keys + 1L, dir.resolve("kept-gc.log"));
      ScratchDirectory.delete(stateDir);
      Restart changelog = restart(settings, table, keys + 2L, dir.resolve("changelog-gc.log"));
      ScratchDirectory.delete(stateDir);
      forgetStateStore(settings, table);
      Restart events = restart(settings, table, keys + 3L, dir.resolve("events-gc.log"));
      // the migration wrote one record per key to a new changelog: what the broker's compaction leaves of any
      // changelog, so restoring it now measures the rate in keys per second
      ScratchDirectory.delete(stateDir);
      Restart compacted = restart(settings, table, keys + 4L, dir.resolve("compacted-gc.log"));

      String shape = size + " keys × " + VERSIONS + " versions";
      row("restart to streaming, " + shape + ", before: state rebuilt from the event topics", "s",
          events.seconds(), null, null);
      row("restart to streaming, " + shape + ", after: state kept on disk", "s", kept.seconds(), "<= 10 s at 5M keys",
          keys >= 5_000_000 ? kept.seconds() <= 10 : null);
      row("restart to streaming, " + shape + ", after: changelog only (disk lost)", "s", changelog.seconds(), null,
          null);
      row("restart speed-up, " + shape + ", before / after with state kept", "ratio",
          events.seconds() / kept.seconds(), null, null);
      row("restart to streaming, " + shape + ", after: changelog only, one record per key (compacted)", "s",
          compacted.seconds(), null, null);
      // the changelog then holds the table's keys and the three earlier restarts' marker rows, one record each
      long compactedKeys = keys + 3L;
      double keysPerSecond = compacted.recordsPerSecond();
      row("changelog restore rate, " + size + " keys, one record per key", "keys/s", keysPerSecond,
          ">= 500,000 keys/s", keysPerSecond >= 500_000);
      row("changelog restore rate, " + size + " keys, " + VERSIONS + " records per key (not compacted)", "records/s",
          changelog.recordsPerSecond(), null, null);
      row("heap after GC at " + size + " keys, " + MAX_HEAP, "MiB", memory[0], null, null);
      row("RSS at " + size + " keys, " + MAX_HEAP, "MiB", memory[1], null, null);
      GcLog smallHeap = buildGc.plus(kept.gc());
      double gcFraction = 100 * smallHeap.pauseSeconds() / (buildSeconds + kept.aliveSeconds());
      row(MAX_HEAP + ": snapshot, " + (VERSIONS - 1) + " whole-table UPDATEs in the window and a restart, " + size
          + " keys: peak heap", "MiB", smallHeap.peakHeapMiB(), null, null);
      row(MAX_HEAP + ": the same, time in GC pauses", "%", gcFraction, "no GC thrash (< 10 %)", gcFraction < 10);
      row(MAX_HEAP + ": the same, full GCs", "count", (double) smallHeap.fullPauses(), null, null);
      context.note(String.format(Locale.ROOT, "%s: snapshot of %,d rows took %.1f s (%,.0f rows/s); "
              + "build (snapshot and %d whole-table UPDATEs) %.0f s, no OutOfMemoryError; restarts restored from: "
              + "kept %s (%,d records at %,.0f records/s), lost %s (%,d records of %,d keys at %,.0f records/s), "
              + "before %s (%,d events at %,.0f events/s), one record per key %s (%,d records of %,d keys at %,.0f"
              + " records/s)", scenario, keys, snapshotSeconds, keys / snapshotSeconds,
          VERSIONS - 1, buildSeconds, kept.restoredFrom(), kept.recordsRestored(), kept.recordsPerSecond(),
          changelog.restoredFrom(), changelog.recordsRestored(), keys + 1L, changelog.recordsPerSecond(),
          events.restoredFrom(), events.recordsRestored(), events.recordsPerSecond(), compacted.restoredFrom(),
          compacted.recordsRestored(), compactedKeys, compacted.recordsPerSecond()));
    } catch (Exception e) {
      context.failure(scenario, Subject.RUNTIME, e);
    }
  }

  private void row(String metric, String unit, double figure, String target, Boolean met) {
    context.row(new ResultRow(NAME, metric, unit, Map.of(Subject.RUNTIME, figure), target, met, null));
  }

  private static RuntimeSettings withHeap(RuntimeSettings settings, Path gcLog) {
    return settings.withJvmOptions(List.of(MAX_HEAP, GcLog.option(gcLog)));
  }

  /** Seconds from the runtime's launch until its {@code op} events reach {@code count}. */
  private static double awaitEvents(RuntimeProcess runtime, String op, long count) throws Exception {
    runtime.awaitMetric("dsqlcdc_events_total", "op=\"" + op + "\"", count, Duration.ofSeconds(300 + count / 5_000));
    return (System.nanoTime() - runtime.launchedNanos()) / 1e9;
  }

  private static void checkNoOutOfMemory(RuntimeProcess runtime) throws IOException {
    if (runtime.logMentions("OutOfMemoryError")) {
      throw new IllegalStateException("the runtime ran out of memory with " + MAX_HEAP + ", see " + runtime.log());
    }
  }

  /** Inserts row {@code marker} while the runtime is stopped, starts it, and times the row's arrival in Kafka. */
  private Restart restart(RuntimeSettings settings, String table, long marker, Path gcLog) throws Exception {
    BenchEnvironment env = context.environment();
    try (ArrivalWatcher watcher = new ArrivalWatcher(env.kafka().bootstrapServers(), settings.topic(table))) {
      env.postgres().execute("INSERT INTO " + table + " (" + "id, uid, name, amount, qty, active, attrs) VALUES ("
          + marker + ", gen_random_uuid(), 'restart marker', 0, 0, true, '{}')");
      double seconds;
      double alive;
      JsonNode store;
      try (RuntimeProcess runtime = context.startRuntime(withHeap(settings, gcLog))) {
        long arrived = watcher.awaitRow(marker, Duration.ofSeconds(600), runtime::checkAlive);
        seconds = (arrived - runtime.launchedNanos()) / 1e9;
        store = runtime.status().path("tables").path(0).path("stateStore");
        checkNoOutOfMemory(runtime);
        alive = (System.nanoTime() - runtime.launchedNanos()) / 1e9;
      }
      return new Restart(seconds, store.path("restoredFrom").asText(), store.path("recordsRestored").asLong(),
          store.path("restoreRecordsPerSecond").asDouble(), GcLog.read(gcLog), alive);
    }
  }

  /**
   * Takes the table back to what the runtime before the state store left: no changelog topic, and a latest offset
   * without {@code stateInChangelog}, so the next start replays the event topic.
   */
  private void forgetStateStore(RuntimeSettings settings, String table) throws Exception {
    var kafka = context.environment().kafka();
    String changelog = settings.changelogTopic(table);
    kafka.adminClient().deleteTopics(List.of(changelog)).all().get(30, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (kafka.adminClient().listTopics().names().get(30, TimeUnit.SECONDS).contains(changelog)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("changelog topic " + changelog + " was not deleted in time");
      }
      Thread.sleep(100);
    }
    String key = "public." + table;
    List<ConsumerRecord<String, String>> offsets = new ArrayList<>(kafka.readCommitted(settings.offsetsTopic()));
    offsets.removeIf(r -> !key.equals(r.key()) || r.value() == null);
    ObjectNode offset = (ObjectNode) JSON.readTree(offsets.get(offsets.size() - 1).value());
    offset.remove("stateInChangelog");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
        new StringSerializer())) {
      producer.send(new ProducerRecord<>(settings.offsetsTopic(), key, offset.toString())).get(30, TimeUnit.SECONDS);
    }
  }
}
