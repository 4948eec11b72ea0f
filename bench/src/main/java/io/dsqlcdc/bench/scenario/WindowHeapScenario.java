package io.dsqlcdc.bench.scenario;

import io.dsqlcdc.bench.data.BenchTable;
import io.dsqlcdc.bench.data.CommitLog;
import io.dsqlcdc.bench.data.LoadGenerator;
import io.dsqlcdc.bench.environment.ScratchDirectory;
import io.dsqlcdc.bench.report.ResultRow;
import io.dsqlcdc.bench.report.Subject;
import io.dsqlcdc.bench.runtime.GcLog;
import io.dsqlcdc.bench.runtime.RuntimeProcess;
import io.dsqlcdc.bench.runtime.RuntimeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scenario 8: the unsettled window's heap. The runtime, with the heap issue 17 budgets ({@value
 * StateRestartScenario#MAX_HEAP}) and {@code maxTransactionDuration 300s}, streams four tables at a fixed insert
 * rate for longer than the window, so that the window would hold every version of the last 300 s were it not capped
 * (a quarter of the heap; the state store answers for the rest); once it caught up, its heap after a full GC, its
 * RSS, its peak heap and its time in GC pauses are taken, with the rate it emitted at during the load and how long
 * it took to catch up after it (on a machine whose cores the database, the broker and the generator share, a rate
 * the runtime does not keep up with is reported, not failed).
 */
public final class WindowHeapScenario {
  static final String NAME = "8. Window heap";
  private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(10);

  private final BenchContext context;

  public WindowHeapScenario(BenchContext context) {
    this.context = context;
  }

  public void run() {
    List<String> tables = IntStream.rangeClosed(1, 4).mapToObj(i -> "rt_window_" + i).toList();
    int rate = context.profile().windowRate();
    Duration run = context.profile().windowRun();
    try (ScratchDirectory scratch = ScratchDirectory.create("dsqlcdc-bench-window-")) {
      var env = context.environment();
      for (String table : tables) {
        env.postgres().execute(BenchTable.ddl(table));
      }
      Path gcLog = scratch.path().resolve("gc.log");
      RuntimeSettings settings = RuntimeSettings.defaults("rt-window", tables)
          .withJvmOptions(List.of(StateRestartScenario.MAX_HEAP, GcLog.option(gcLog)));
      double heap;
      double rss;
      double emittedDuringLoad;
      double catchUpSeconds;
      double aliveSeconds;
      LoadGenerator.Load load;
      CommitLog ids = new CommitLog(0);
      try (RuntimeProcess runtime = context.startRuntime(settings)) {
        runtime.awaitTables("Streaming", Duration.ofSeconds(60));
        load = new LoadGenerator(env.writerDataSource(), tables, ids).run(rate, run);
        emittedDuringLoad = emitted(runtime);
        long loadEnded = System.nanoTime();
        awaitCaughtUp(runtime, ids.reserved());
        catchUpSeconds = (System.nanoTime() - loadEnded) / 1e9;
        heap = runtime.heapAfterGcMiB();
        rss = runtime.rssMiB();
        aliveSeconds = (System.nanoTime() - runtime.launchedNanos()) / 1e9;
      }
      GcLog gc = GcLog.read(gcLog);
      double emittedRate = emittedDuringLoad / load.took().toNanos() * 1e9;
      String shape = String.format(Locale.ROOT, "%,.0f rows/s offered for %d s, 300 s window, %s",
          load.achievedRowsPerSecond(), run.toSeconds(), StateRestartScenario.MAX_HEAP);
      context.row(new ResultRow(NAME, "heap after GC, " + shape, "MiB", Map.of(Subject.RUNTIME, heap), null, null,
          null));
      context.row(new ResultRow(NAME, "RSS, " + shape, "MiB", Map.of(Subject.RUNTIME, rss), null, null, null));
      context.row(new ResultRow(NAME, "peak heap (before a GC), " + shape, "MiB",
          Map.of(Subject.RUNTIME, gc.peakHeapMiB()), null, null, null));
      double gcPercent = 100 * gc.pauseSeconds() / aliveSeconds;
      context.row(new ResultRow(NAME, "time in GC pauses, " + shape, "%", Map.of(Subject.RUNTIME, gcPercent),
          "no GC thrash (< 10 %)", gcPercent < 10, null));
      context.row(new ResultRow(NAME, "rows emitted per second during the load, " + shape, "rows/s",
          Map.of(Subject.RUNTIME, emittedRate), null, null, null));
      context.row(new ResultRow(NAME, "catch-up after the load, " + shape, "s", Map.of(Subject.RUNTIME, catchUpSeconds),
          null, null, null));
      context.note(String.format(Locale.ROOT, "%s: offered %,d rows/s over 4 tables for %d s, the generator reached "
              + "%,.0f rows/s (%,d rows); the runtime emitted %,.0f rows/s during the load and every row %.0f s after"
              + " it; GC pauses %.1f s in %.0f s, %d full", NAME, rate, run.toSeconds(), load.achievedRowsPerSecond(),
          ids.reserved(), emittedRate, catchUpSeconds, gc.pauseSeconds(), aliveSeconds, gc.fullPauses()));
    } catch (Exception e) {
      context.failure(NAME, Subject.RUNTIME, e);
    }
  }

  private static double emitted(RuntimeProcess runtime) throws Exception {
    return runtime.metrics().sum("dsqlcdc_events_total", "op=\"c\"");
  }

  /** Waits until the runtime emitted every inserted row (its counter, so no consumer competes for the cores). */
  private static void awaitCaughtUp(RuntimeProcess runtime, long rows) throws Exception {
    long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
    double emitted;
    while ((emitted = emitted(runtime)) < rows) {
      runtime.checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + (long) emitted + " of " + rows + " rows emitted "
            + CATCH_UP_LIMIT.toSeconds() + " s after the load");
      }
      Thread.sleep(200);
    }
  }
}
