package io.dsqlcdc.bench.scenario;

import io.dsqlcdc.bench.data.BenchTable;
import io.dsqlcdc.bench.data.CommitLog;
import io.dsqlcdc.bench.data.LoadGenerator;
import io.dsqlcdc.bench.debezium.DebeziumPeer;
import io.dsqlcdc.bench.kafka.CommittedWatcher;
import io.dsqlcdc.bench.kafka.LatencyRecorder;
import io.dsqlcdc.bench.report.ResultRow;
import io.dsqlcdc.bench.report.Subject;
import io.dsqlcdc.bench.runtime.RuntimeProcess;
import io.dsqlcdc.bench.runtime.RuntimeSettings;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scenario 3: at a fixed insert rate, the time from a row's commit returning to the row being readable by a
 * read_committed consumer: p50, p99, max, after a warm-up at that rate. The runtime runs with a 1 s and a 100 ms poll interval; the seed-compat run
 * and Debezium (no poll interval: it streams the log) are shown beside both.
 */
public final class LatencyScenario {
  static final String NAME = "3. Latency";

  private final BenchContext context;
  private final Map<Subject, LatencyRecorder> oneSecond = new EnumMap<>(Subject.class);
  private LatencyRecorder runtimeFast;

  public LatencyScenario(BenchContext context) {
    this.context = context;
  }

  public void run() {
    oneSecond.put(Subject.RUNTIME, runtime(Subject.RUNTIME, RuntimeSettings.defaults("rt-lat1s",
        List.of("rt_lat1s"))));
    runtimeFast = runtime(Subject.RUNTIME, RuntimeSettings.defaults("rt-lat100ms", List.of("rt_lat100ms"))
        .withPollInterval("100ms"));
    oneSecond.put(Subject.SEED_COMPAT, runtime(Subject.SEED_COMPAT, RuntimeSettings.seedCompat("seed-lat",
        List.of("seed_lat"))));
    oneSecond.put(Subject.DEBEZIUM, debezium());
    rows("poll 1 s", oneSecond, 1000);
    Map<Subject, LatencyRecorder> fast = new EnumMap<>(Subject.class);
    fast.put(Subject.RUNTIME, runtimeFast);
    fast.put(Subject.DEBEZIUM, oneSecond.get(Subject.DEBEZIUM));
    rows("poll 100 ms", fast, 100);
  }

  private void rows(String label, Map<Subject, LatencyRecorder> recorders, long pollMillis) {
    int rate = context.profile().latencyRate();
    Map<Subject, Double> p50 = quantiles(recorders, 0.50);
    Map<Subject, Double> p99 = quantiles(recorders, 0.99);
    Map<Subject, Double> max = quantiles(recorders, 1.0);
    Double r50 = p50.get(Subject.RUNTIME);
    Double r99 = p99.get(Subject.RUNTIME);
    String at = " at " + rate + " rows/s, " + label;
    context.row(new ResultRow(NAME, "p50" + at, "ms", p50, "<= " + (pollMillis / 2 + 50) + " ms",
        r50 == null ? null : r50 <= pollMillis / 2.0 + 50, null));
    context.row(new ResultRow(NAME, "p99" + at, "ms", p99, "<= " + (pollMillis + 250) + " ms",
        r99 == null ? null : r99 <= pollMillis + 250, null));
    context.row(new ResultRow(NAME, "max" + at, "ms", max, null, null, null));
  }

  static Map<Subject, Double> quantiles(Map<Subject, LatencyRecorder> recorders, double q) {
    Map<Subject, Double> figures = new EnumMap<>(Subject.class);
    recorders.forEach((subject, recorder) -> {
      if (recorder != null && recorder.count() > 0) {
        figures.put(subject, recorder.millis(q));
      }
    });
    return figures;
  }

  private LatencyRecorder runtime(Subject subject, RuntimeSettings settings) {
    try {
      context.environment().postgres().execute(BenchTable.ddl(settings.tables().get(0)));
      try (RuntimeProcess runtime = context.startRuntime(settings)) {
        runtime.awaitTables("Streaming", Duration.ofSeconds(60));
        LatencyRecorder latencies = measure(settings.tables().get(0), settings.topic(settings.tables().get(0)));
        context.recordMemory(NAME + " (" + settings.pollInterval() + " poll)", subject, runtime);
        return latencies;
      }
    } catch (Exception e) {
      context.failure(NAME + " " + settings.label(), subject, e);
      return null;
    }
  }

  private LatencyRecorder debezium() {
    String table = "dbz_lat";
    try (DebeziumPeer peer = new DebeziumPeer(context.environment(), "dbz-lat", Map.of())) {
      context.environment().postgres().execute(BenchTable.ddl(table));
      peer.start(List.of(table), false);
      return measure(table, peer.topic(table));
    } catch (Exception e) {
      context.failure(NAME, Subject.DEBEZIUM, e);
      return null;
    }
  }

  private LatencyRecorder measure(String table, String topic) throws Exception {
    int rate = context.profile().latencyRate();
    return measure(context, commits -> context.watch(List.of(topic), commits), rate, context.profile().latencyRun(),
        (commits, run) -> new LoadGenerator(context.environment().writerDataSource(), List.of(table), commits)
            .run(rate, run));
  }

  /** Writes rows at a rate for a while, noting each row's time in the log. */
  interface Writer {
    void write(CommitLog commits, Duration run) throws Exception;
  }

  /**
   * Each row's time from the writer's note to its arrival read_committed, over {@code measured} after the profile's
   * warm-up at the same rate; fails when a row has not arrived 60 s after the writing ended.
   */
  static LatencyRecorder measure(BenchContext context, Function<CommitLog, CommittedWatcher> watch, int rate,
                                 Duration measured, Writer writer) throws Exception {
    Duration warmup = context.profile().latencyWarmup();
    Duration run = warmup.plus(measured);
    CommitLog commits = new CommitLog((int) (rate * (run.toSeconds() + 5)));
    try (CommittedWatcher watcher = watch.apply(commits)) {
      watcher.measureFrom(System.nanoTime() + warmup.toNanos());
      writer.write(commits, run);
      if (watcher.awaitRows(commits.reserved(), Duration.ofSeconds(60)) < 0) {
        throw new IllegalStateException(watcher.distinctRows() + " of " + commits.reserved() + " rows arrived");
      }
      return watcher.latencies();
    }
  }
}
