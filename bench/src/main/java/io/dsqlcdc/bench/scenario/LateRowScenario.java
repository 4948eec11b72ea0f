package io.dsqlcdc.bench.scenario;

import io.dsqlcdc.bench.data.BenchTable;
import io.dsqlcdc.bench.data.CommitLog;
import io.dsqlcdc.bench.data.LateCommitter;
import io.dsqlcdc.bench.data.LoadGenerator;
import io.dsqlcdc.bench.kafka.CommittedWatcher;
import io.dsqlcdc.bench.report.ResultRow;
import io.dsqlcdc.bench.report.Subject;
import io.dsqlcdc.bench.runtime.PrometheusText;
import io.dsqlcdc.bench.runtime.RuntimeProcess;
import io.dsqlcdc.bench.runtime.RuntimeSettings;
import io.dsqlcdc.bench.source.QueryCounter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenario 4: what completeness under late commits costs. The runtime captures one table at a fixed rate with a 300 s
 * lateness bound while, once a second, a transaction commits 2 s late. Read amplification comes from the runtime's
 * rows-read and rows-emitted counters, beside the rows its window sweeps had the database digest; source queries
 * per second are counted on the database side (pg_stat_statements), with the runtime's own count of
 * unsettled-window queries as the extra beside them.
 */
public final class LateRowScenario {
  static final String NAME = "4. Late-row cost";
  private static final String TABLE = "rt_late";

  private final BenchContext context;

  public LateRowScenario(BenchContext context) {
    this.context = context;
  }

  public void run() {
    var env = context.environment();
    RuntimeSettings settings = RuntimeSettings.defaults("rt-late", List.of(TABLE));
    int rate = context.profile().latencyRate();
    Duration run = context.profile().lateRowRun();
    try {
      env.postgres().execute(BenchTable.ddl(TABLE));
      QueryCounter queries = new QueryCounter(env.postgres().superuserDataSource(), env.postgres().captureUser());
      try (RuntimeProcess runtime = context.startRuntime(settings)) {
        runtime.awaitTables("Streaming", Duration.ofSeconds(60));
        CommitLog commits = new CommitLog((int) (rate * (run.toSeconds() + 10)));
        try (CommittedWatcher watcher = context.watch(List.of(settings.topic(TABLE)), commits)) {
          PrometheusText before = runtime.metrics();
          long queriesBefore = queries.total(List.of(TABLE));
          long start = System.nanoTime();
          long late;
          try (LateCommitter lateCommits = new LateCommitter(env.writerDataSource(), TABLE, commits,
              Duration.ofSeconds(2)).start()) {
            new LoadGenerator(env.writerDataSource(), List.of(TABLE), commits).run(rate, run);
            late = lateCommits.stop();
          }
          if (watcher.awaitRows(commits.reserved(), Duration.ofSeconds(60)) < 0) {
            throw new IllegalStateException(watcher.distinctRows() + " of " + commits.reserved()
                + " rows arrived (late commits included)");
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          PrometheusText after = runtime.metrics();
          long queriesAfter = queries.total(List.of(TABLE));
          double read = delta(before, after, "dsqlcdc_rows_read_total");
          double emitted = delta(before, after, "dsqlcdc_rows_emitted_total");
          double window = delta(before, after, "dsqlcdc_window_queries_total");
          double amplification = read / emitted;
          context.row(new ResultRow(NAME, "read amplification (rows read / rows emitted), 300 s window", "ratio",
              Map.of(Subject.RUNTIME, amplification), "<= 1.5", amplification <= 1.5, null));
          double compared = delta(before, after, "dsqlcdc_window_rows_compared_total");
          context.row(new ResultRow(NAME, "rows digested by window sweeps per row emitted (database work, no rows "
              + "shipped)", "ratio", Map.of(Subject.RUNTIME, compared / emitted), null, null, null));
          context.row(new ResultRow(NAME, "source queries/s on the table (database side)", "queries/s",
              Map.of(Subject.RUNTIME, (queriesAfter - queriesBefore) / seconds), null, null, null));
          context.row(new ResultRow(NAME, "extra (unsettled-window) queries/s (runtime's count)", "queries/s",
              Map.of(Subject.RUNTIME, window / seconds), null, null, null));
          context.note(String.format(Locale.ROOT, "%s: %d rows at %d rows/s plus %d rows committed 2 s late, all "
                  + "arrived; rows read %.0f (head %.0f, window %.0f), rows emitted %.0f; window queries: %.0f digest, "
                  + "%.0f slice re-reads, %.0f still differing", NAME, commits.reserved() - late, rate, late, read,
              delta(before, after, "dsqlcdc_rows_read_total", "query=\"head\""),
              delta(before, after, "dsqlcdc_rows_read_total", "query=\"window\""), emitted,
              delta(before, after, "dsqlcdc_window_queries_total", "kind=\"digest\""),
              delta(before, after, "dsqlcdc_window_queries_total", "kind=\"slice\""),
              delta(before, after, "dsqlcdc_window_queries_total", "kind=\"mismatch\"")));
        }
        context.recordMemory(NAME, Subject.RUNTIME, runtime);
      }
    } catch (Exception e) {
      context.failure(NAME, Subject.RUNTIME, e);
    }
  }

  private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }
}
