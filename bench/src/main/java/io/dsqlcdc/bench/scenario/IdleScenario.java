package io.dsqlcdc.bench.scenario;

import io.dsqlcdc.bench.data.BenchTable;
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
import java.util.stream.IntStream;

/**
 * Scenario 5: what idle tables cost on the source. The runtime (defaults: back-off to 10 s) watches N empty tables;
 * after a settling time, the statements it runs on them are counted on the database side (pg_stat_statements) and
 * reported per table per minute, with the runtime's own poll count as a cross-check.
 */
public final class IdleScenario {
  static final String NAME = "5. Idle cost";

  private final BenchContext context;

  public IdleScenario(BenchContext context) {
    this.context = context;
  }

  public void run() {
    var env = context.environment();
    int count = context.profile().idleTables();
    List<String> tables = IntStream.rangeClosed(1, count).mapToObj(i -> String.format("idle_%02d", i)).toList();
    try {
      for (String table : tables) {
        env.postgres().execute(BenchTable.ddl(table));
      }
      QueryCounter queries = new QueryCounter(env.postgres().superuserDataSource(), env.postgres().captureUser());
      RuntimeSettings settings = RuntimeSettings.defaults("rt-idle", tables);
      try (RuntimeProcess runtime = context.startRuntime(settings)) {
        runtime.awaitTables("Streaming", Duration.ofSeconds(60));
        Duration settle = context.profile().isQuick() ? Duration.ofSeconds(2) : Duration.ofSeconds(20);
        Thread.sleep(settle.toMillis());
        long before = queries.total(tables);
        PrometheusText metricsBefore = runtime.metrics();
        long start = System.nanoTime();
        Thread.sleep(context.profile().idleRun().toMillis());
        runtime.checkAlive();
        long after = queries.total(tables);
        PrometheusText metricsAfter = runtime.metrics();
        double minutes = (System.nanoTime() - start) / 60e9;
        double perTable = (after - before) / minutes / count;
        double polls = (metricsAfter.sum("dsqlcdc_poll_duration_seconds_count")
            - metricsBefore.sum("dsqlcdc_poll_duration_seconds_count")) / minutes / count;
        context.row(new ResultRow(NAME, "source queries per idle table per minute, " + count + " tables", "q/min",
            Map.of(Subject.RUNTIME, perTable), "<= 12", perTable <= 12, null));
        context.note(String.format(Locale.ROOT, "%s: measured %.1f min after %d s settling; the runtime counted %.1f "
            + "polls per table per minute", NAME, minutes, settle.toSeconds(), polls));
        context.recordMemory(NAME, Subject.RUNTIME, runtime);
      }
    } catch (Exception e) {
      context.failure(NAME, Subject.RUNTIME, e);
    }
  }
}
