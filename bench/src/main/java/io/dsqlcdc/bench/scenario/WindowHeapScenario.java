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
 * Scenario 8: the unsettled window's heap. The runtime (default JVM options, {@code maxTransactionDuration 300s})
 * streams four tables at a fixed insert rate for longer than the window, so that the window holds every version of
 * the last 300 s; once it caught up, its heap after a full GC, its RSS and its peak heap are taken.
 */
public final class WindowHeapScenario {
  static final String NAME = "8. Window heap";

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
          .withJvmOptions(List.of(GcLog.option(gcLog)));
      double heap;
      double rss;
      LoadGenerator.Load load;
      CommitLog ids = new CommitLog(0);
      try (RuntimeProcess runtime = context.startRuntime(settings)) {
        runtime.awaitTables("Streaming", Duration.ofSeconds(60));
        load = new LoadGenerator(env.writerDataSource(), tables, ids).run(rate, run);
        awaitCaughtUp(runtime, ids.reserved());
        heap = runtime.heapAfterGcMiB();
        rss = runtime.rssMiB();
      }
      GcLog gc = GcLog.read(gcLog);
      String shape = String.format(Locale.ROOT, "%,.0f rows/s for %d s, 300 s window", load.achievedRowsPerSecond(),
          run.toSeconds());
      context.row(new ResultRow(NAME, "heap after GC, " + shape, "MiB", Map.of(Subject.RUNTIME, heap), null, null,
          null));
      context.row(new ResultRow(NAME, "RSS, " + shape, "MiB", Map.of(Subject.RUNTIME, rss), null, null, null));
      context.row(new ResultRow(NAME, "peak heap (before a GC), " + shape, "MiB",
          Map.of(Subject.RUNTIME, gc.peakHeapMiB()), null, null, null));
      context.note(String.format(Locale.ROOT, "%s: offered %,d rows/s over 4 tables for %d s, the generator reached "
              + "%,.0f rows/s (%,d rows); every row captured; GC pauses %.1f s, %d full", NAME, rate, run.toSeconds(),
          load.achievedRowsPerSecond(), ids.reserved(), gc.pauseSeconds(), gc.fullPauses()));
    } catch (Exception e) {
      context.failure(NAME, Subject.RUNTIME, e);
    }
  }

  /** Waits until the runtime emitted every inserted row (its counter, so no consumer competes for the cores). */
  private static void awaitCaughtUp(RuntimeProcess runtime, long rows) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    double emitted;
    while ((emitted = runtime.metrics().sum("dsqlcdc_events_total", "op=\"c\"")) < rows) {
      runtime.checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + (long) emitted + " of " + rows + " rows emitted 120 s after the load");
      }
      Thread.sleep(200);
    }
  }
}
