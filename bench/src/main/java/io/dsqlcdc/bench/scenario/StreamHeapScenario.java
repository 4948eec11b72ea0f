package io.dsqlcdc.bench.scenario;

import io.dsqlcdc.bench.data.BenchTable;
import io.dsqlcdc.bench.data.BulkLoader;
import io.dsqlcdc.bench.environment.ScratchDirectory;
import io.dsqlcdc.bench.report.ResultRow;
import io.dsqlcdc.bench.report.Subject;
import io.dsqlcdc.bench.runtime.GcLog;
import io.dsqlcdc.bench.runtime.PrometheusText;
import io.dsqlcdc.bench.runtime.RuntimeProcess;
import io.dsqlcdc.bench.runtime.RuntimeSettings;
import io.dsqlcdc.testsupport.kinesis.DsqlStreamSimulator;
import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenario 11: stream mode's per-key state in a small heap. The runtime, with {@value StateRestartScenario#MAX_HEAP},
 * snapshots a table of N keys in stream mode ({@code snapshot: initial}), so its key states hold every key's
 * high-water, then relays a few thousand updates of distinct keys put into Kinesis after the snapshot; once each is
 * emitted, its heap after a full GC, peak heap, RSS and time in GC pauses are taken, and every update must have come
 * out (none dropped as stale against the snapshot's high-waters).
 */
public final class StreamHeapScenario {
  static final String NAME = "11. Stream heap";
  private static final int UPDATES_PER_TRANSACTION = 10;
  /** Spreads the updated keys over the table (coprime with every size the bench uses). */
  private static final long KEY_STRIDE = 7_919;

  private final BenchContext context;

  public StreamHeapScenario(BenchContext context) {
    this.context = context;
  }

  public void run() throws Exception {
    KinesisLocal kinesis = StreamRelayScenario.startKinesis(context, NAME);
    if (kinesis == null) {
      return;
    }
    try (kinesis) {
      for (int keys : context.profile().stream().heapKeys()) {
        size(kinesis, keys);
      }
    }
  }

  private void size(KinesisLocal kinesis, int keys) {
    String size = keys % 1_000_000 == 0 ? keys / 1_000_000 + "M" : keys / 1_000 + "k";
    String table = "stream_heap_" + size.toLowerCase(Locale.ROOT);
    String stream = "bench-heap-" + size.toLowerCase(Locale.ROOT);
    int changes = context.profile().stream().heapChanges();
    try (ScratchDirectory scratch = ScratchDirectory.create("dsqlcdc-bench-stream-heap-")) {
      var env = context.environment();
      env.postgres().execute(BenchTable.ddl(table));
      long loadStart = System.nanoTime();
      BulkLoader.load(env.postgres().superuserDataSource(), table, keys);
      env.postgres().execute("VACUUM ANALYZE " + table);
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      kinesis.createStream(stream, context.profile().stream().shards());
      Path gcLog = scratch.path().resolve("gc.log");
      RuntimeSettings settings = RuntimeSettings.defaults("rt-stream-heap-" + size.toLowerCase(Locale.ROOT),
              List.of(table))
          .withSnapshot().withStateDir(scratch.path().resolve("state"))
          .withChangeStream(StreamRelayScenario.changeStream(kinesis, stream, "latest"))
          .withJvmOptions(List.of(StateRestartScenario.MAX_HEAP, GcLog.option(gcLog)));
      double snapshotSeconds;
      double putSeconds;
      double relaySeconds;
      double heap;
      double rss;
      double aliveSeconds;
      PrometheusText metrics;
      try (RuntimeProcess runtime = context.startRuntime(settings)) {
        runtime.awaitMetric("dsqlcdc_events_total", "op=\"r\"", keys, Duration.ofSeconds(300 + keys / 5_000));
        snapshotSeconds = (System.nanoTime() - runtime.launchedNanos()) / 1e9;
        runtime.awaitTables("Streaming", Duration.ofSeconds(120));
        long putStart = System.nanoTime();
        try (DsqlStreamSimulator dsql = StreamRelayScenario.simulator(context, kinesis, stream, 21)) {
          update(dsql, table, keys, changes);
        }
        long put = System.nanoTime();
        putSeconds = (put - putStart) / 1e9;
        runtime.awaitMetric("dsqlcdc_events_total", "op=\"u\"", changes, Duration.ofSeconds(300));
        relaySeconds = (System.nanoTime() - put) / 1e9;
        metrics = runtime.metrics();
        heap = runtime.heapAfterGcMiB();
        rss = runtime.rssMiB();
        aliveSeconds = (System.nanoTime() - runtime.launchedNanos()) / 1e9;
        if (runtime.logMentions("OutOfMemoryError")) {
          throw new IllegalStateException("the runtime ran out of memory with " + StateRestartScenario.MAX_HEAP
              + ", see " + runtime.log());
        }
      }
      GcLog gc = GcLog.read(gcLog);
      double stale = metrics.sum("dsqlcdc_stream_records_total", "kind=\"stale\"");
      double gcPercent = 100 * gc.pauseSeconds() / aliveSeconds;
      String shape = size + " keys, " + StateRestartScenario.MAX_HEAP;
      row("heap after GC, stream mode, " + shape, "MiB", heap, null, null);
      row("peak heap (before a GC), " + shape, "MiB", gc.peakHeapMiB(), null, null);
      row("RSS, " + shape, "MiB", rss, null, null);
      row("time in GC pauses, " + shape, "%", gcPercent, "no GC thrash (< 10 %)", gcPercent < 10);
      row("full GCs, " + shape, "count", (double) gc.fullPauses(), null, null);
      row("snapshot in stream mode, launch to every row in Kafka, " + shape, "s", snapshotSeconds, null, null);
      row("streamed updates lost as stale, of " + changes + " after the snapshot, " + shape, "count", stale, "0",
          stale == 0);
      context.note(String.format(Locale.ROOT, "%s, %s keys: the table loaded by COPY in %.0f s; snapshot %,.0f "
              + "rows/s from launch; %,d updates of distinct keys (%d per transaction) put in %.1f s and all emitted "
              + "%.1f s after the last put; stream records read %,.0f, stale %,.0f, duplicate %,.0f; GC pauses %.1f "
              + "s in %.0f s, %d full", NAME, size, loadSeconds, keys / snapshotSeconds, changes,
          UPDATES_PER_TRANSACTION, putSeconds, relaySeconds,
          metrics.sum("dsqlcdc_stream_records_total", "kind=\"read\""), stale,
          metrics.sum("dsqlcdc_stream_records_total", "kind=\"duplicate\""), gc.pauseSeconds(), aliveSeconds,
          gc.fullPauses()));
      env.postgres().execute("DROP TABLE " + table);
    } catch (Exception e) {
      context.failure(NAME + ", " + size + " keys", Subject.RUNTIME, e);
    }
  }

  /** Updates {@code changes} distinct keys of the table, spread over it, a few per transaction. */
  private static void update(DsqlStreamSimulator dsql, String table, int keys, int changes) {
    for (int done = 0; done < changes; done += UPDATES_PER_TRANSACTION) {
      int first = done;
      int n = Math.min(UPDATES_PER_TRANSACTION, changes - done);
      dsql.transaction(tx -> {
        for (int i = first; i < first + n; i++) {
          long id = 1 + (i * KEY_STRIDE) % keys;
          tx.update(table, Map.of("id", id), Map.of("qty", -1 - i));
        }
      });
    }
    dsql.flush();
  }

  private void row(String metric, String unit, double figure, String target, Boolean met) {
    context.row(new ResultRow(NAME, metric, unit, Map.of(Subject.RUNTIME, figure), target, met, null));
  }
}
