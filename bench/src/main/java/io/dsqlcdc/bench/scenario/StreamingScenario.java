package io.dsqlcdc.bench.scenario;

import io.dsqlcdc.bench.data.BenchTable;
import io.dsqlcdc.bench.data.CommitLog;
import io.dsqlcdc.bench.data.LoadGenerator;
import io.dsqlcdc.bench.debezium.DebeziumPeer;
import io.dsqlcdc.bench.kafka.CommittedWatcher;
import io.dsqlcdc.bench.report.ResultRow;
import io.dsqlcdc.bench.report.Subject;
import io.dsqlcdc.bench.runtime.RuntimeProcess;
import io.dsqlcdc.bench.runtime.RuntimeSettings;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scenario 2: the highest steady insert rate over four tables a subject keeps up with. The offered rate steps up
 * (each step a fixed time); a step is kept up when every row of it is in Kafka within {@value #CATCH_UP_SECONDS} s of
 * the step's end, i.e. the lag stayed bounded. The figure is the achieved insert rate of the last step kept up.
 */
public final class StreamingScenario {
  static final String NAME = "2. Streaming";
  private static final int CATCH_UP_SECONDS = 5;

  private final BenchContext context;
  private final Map<Subject, Double> figures = new EnumMap<>(Subject.class);

  public StreamingScenario(BenchContext context) {
    this.context = context;
  }

  public void run() {
    subject(Subject.RUNTIME, "rt_stream");
    subject(Subject.SEED_COMPAT, "seed_stream");
    subject(Subject.DEBEZIUM, "dbz_stream");
    subject(Subject.DEBEZIUM_TUNED, "dbzt_stream");
    Double runtime = figures.get(Subject.RUNTIME);
    Double debezium = SnapshotScenario.best(figures.get(Subject.DEBEZIUM), figures.get(Subject.DEBEZIUM_TUNED));
    context.row(new ResultRow(NAME, "steady insert rate kept up, 4 tables", "rows/s", figures,
        ">= 1.0x Debezium (the better of default and tuned)",
        runtime == null || debezium == null ? null : runtime >= debezium, null));
  }

  private void subject(Subject subject, String prefix) {
    List<String> tables = IntStream.rangeClosed(1, 4).mapToObj(i -> prefix + "_" + i).toList();
    var env = context.environment();
    try {
      for (String table : tables) {
        env.postgres().execute(BenchTable.ddl(table));
      }
      String label = prefix.replace('_', '-');
      if (subject == Subject.DEBEZIUM || subject == Subject.DEBEZIUM_TUNED) {
        try (DebeziumPeer peer = new DebeziumPeer(env, label,
            subject == Subject.DEBEZIUM_TUNED ? DebeziumPeer.THROUGHPUT : Map.of())) {
          peer.start(tables, false);
          ramp(subject, tables.stream().map(peer::topic).toList(), tables, peer::acknowledged);
        }
      } else {
        RuntimeSettings settings = subject == Subject.RUNTIME ? RuntimeSettings.defaults(label, tables)
            : RuntimeSettings.seedCompat(label, tables);
        try (RuntimeProcess runtime = context.startRuntime(settings)) {
          runtime.awaitTables("Streaming", Duration.ofSeconds(60));
          ramp(subject, tables.stream().map(settings::topic).toList(), tables, runtime::checkAlive);
          context.recordMemory(NAME, subject, runtime);
        }
      }
    } catch (Exception e) {
      figures.remove(subject);
      context.failure(NAME, subject, e);
    }
  }

  /** @param check throws when the subject died, so a dead subject fails fast instead of timing out */
  private void ramp(Subject subject, List<String> topics, List<String> tables, Runnable check)
      throws Exception {
    CommitLog ids = new CommitLog(0);
    LoadGenerator generator = new LoadGenerator(context.environment().writerDataSource(), tables, ids);
    try (CommittedWatcher watcher = context.watch(topics, null)) {
      StringBuilder steps = new StringBuilder();
      for (int rate : context.profile().streamingRates()) {
        LoadGenerator.Load load = generator.run(rate, context.profile().streamingStage());
        check.run();
        long caughtUp = watcher.awaitRows(ids.reserved(), Duration.ofSeconds(CATCH_UP_SECONDS));
        boolean generatorKeptRate = load.achievedRowsPerSecond() >= 0.9 * rate;
        steps.append(String.format(Locale.ROOT, " %d->%.0f%s", rate, load.achievedRowsPerSecond(),
            caughtUp < 0 ? " (lag grew)" : generatorKeptRate ? "" : " (generator-bound)"));
        if (caughtUp < 0) {
          break;
        }
        figures.put(subject, load.achievedRowsPerSecond());
        if (!generatorKeptRate) {
          break;
        }
      }
      if (watcher.awaitRows(ids.reserved(), Duration.ofSeconds(120)) < 0) {
        throw new IllegalStateException(watcher.distinctRows() + " of " + ids.reserved() + " rows arrived");
      }
      context.note(NAME + " / " + subject.heading() + ": offered->achieved rows/s:" + steps
          + (watcher.duplicates() > 0 ? "; " + watcher.duplicates() + " duplicate events" : ""));
    }
  }
}
