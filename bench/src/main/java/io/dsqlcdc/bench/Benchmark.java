package io.dsqlcdc.bench;

import io.dsqlcdc.bench.debezium.DebeziumPeer;
import io.dsqlcdc.bench.environment.BenchEnvironment;
import io.dsqlcdc.bench.report.MachineInfo;
import io.dsqlcdc.bench.report.ResultRow;
import io.dsqlcdc.bench.report.ResultsReport;
import io.dsqlcdc.bench.scenario.BenchContext;
import io.dsqlcdc.bench.scenario.HardDeleteScenario;
import io.dsqlcdc.bench.scenario.IdleScenario;
import io.dsqlcdc.bench.scenario.LateRowScenario;
import io.dsqlcdc.bench.scenario.LatencyScenario;
import io.dsqlcdc.bench.scenario.SnapshotScenario;
import io.dsqlcdc.bench.scenario.StateRestartScenario;
import io.dsqlcdc.bench.scenario.StreamHeapScenario;
import io.dsqlcdc.bench.scenario.StreamRelayScenario;
import io.dsqlcdc.bench.scenario.StreamingScenario;
import io.dsqlcdc.bench.scenario.WindowHeapScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of every scenario against one PostgreSQL and one Kafka, every subject side by side. */
public final class Benchmark {
  private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);
  private final BenchProfile profile;
  private final Path jfrDir;
  private final Set<Integer> scenarios;
  private final Consumer<ResultsReport> progress;

  /**
   * @param jfrDir    where the runtime children write flight recordings, or null for none
   * @param scenarios the numbers of the scenarios to run
   * @param progress  gets the report so far after each scenario, so a long run that is cut short keeps its figures
   */
  public Benchmark(BenchProfile profile, Path jfrDir, Set<Integer> scenarios, Consumer<ResultsReport> progress) {
    this.profile = profile;
    this.jfrDir = jfrDir;
    this.scenarios = Set.copyOf(scenarios);
    this.progress = progress;
  }

  /** The finished run; {@link Result#failures()} lists every subject that produced no figure, and why. */
  public record Result(ResultsReport report, BenchContext context) {
    public List<String> failures() {
      return context.failures();
    }
  }

  private interface Scenario {
    void run() throws Exception;
  }

  private void timed(int number, String name, Scenario scenario, Runnable after) throws Exception {
    if (!scenarios.contains(number)) {
      return;
    }
    long start = System.nanoTime();
    scenario.run();
    LOG.info("{} took {} s (load average {})", name, (System.nanoTime() - start) / 1_000_000_000,
        MachineInfo.loadAverage());
    after.run();
  }

  public Result run() throws Exception {
    Instant started = Instant.now();
    long start = System.nanoTime();
    MachineInfo machine = new MachineInfo();
    try (BenchEnvironment environment = new BenchEnvironment().start()) {
      machine.put("PostgreSQL", environment.postgresVersion() + " (zonky embedded, TLS verify-full, scram)")
          .put("Kafka", AppInfoParser.getVersion() + " (one KRaft broker in the bench JVM)")
          .put("Debezium", io.debezium.connector.postgresql.Module.version()
              + " (embedded engine, pgoutput, role debezium with REPLICATION)")
          .put("Capture runtime", "child JVM from this class path, default JVM options")
          .put("Kinesis (scenarios 10, 11)", "npm kinesis-local " + KinesisLocal.PACKAGE.version()
              + " on Node.js, started by the scenario")
          .put("Profile", profile.name());
      BenchContext context = new BenchContext(environment, profile, jfrDir);
      Runnable partial = () -> progress.accept(report(started, start, machine.facts(), context, context.rows(),
          " — PARTIAL, still running"));
      timed(1, "1. Snapshot", new SnapshotScenario(context)::run, partial);
      timed(2, "2. Streaming", new StreamingScenario(context)::run, partial);
      timed(3, "3. Latency", new LatencyScenario(context)::run, partial);
      timed(4, "4. Late-row cost", new LateRowScenario(context)::run, partial);
      timed(5, "5. Idle cost", new IdleScenario(context)::run, partial);
      timed(7, "7. State restart", new StateRestartScenario(context)::run, partial);
      timed(8, "8. Window heap", new WindowHeapScenario(context)::run, partial);
      timed(9, "9. Hard deletes", new HardDeleteScenario(context)::run, partial);
      timed(10, "10. Stream relay", new StreamRelayScenario(context)::run, partial);
      timed(11, "11. Stream heap", new StreamHeapScenario(context)::run, partial);
      context.memoryRows();
      machine.put("Load average at end", MachineInfo.loadAverage());
      ResultsReport report = report(started, start, machine.facts(), context, context.rows(), "");
      return new Result(report, context);
    }
  }

  private ResultsReport report(Instant started, long start, Map<String, String> facts, BenchContext context,
                               List<ResultRow> rows, String state) {
    List<String> notes = new ArrayList<>();
    notes.add("Seed-compat = the runtime with the seed connector's settings: pollInterval 1s, batchSize 1000, "
        + "no idle back-off (maxPollInterval 1s), one table at a time (parallelism 1). The runtime re-polls at once "
        + "while pages come back full; its config cannot limit that to one fetch per interval.");
    notes.add("Debezium writes with a plain producer (acks=all, not transactional); the runtime writes in Kafka "
        + "transactions (exactly once), read back with read_committed. Debezium has no poll interval. Debezium: "
        + "its connector defaults (max.batch.size 2048, max.queue.size 8192, poll.interval.ms 500, "
        + "snapshot.fetch.size 10240). Debezium tuned: " + DebeziumPeer.THROUGHPUT + ", the throughput settings "
        + "of Debezium's PostgreSQL connector reference raised.");
    notes.add("The bench JVM also runs the Kafka broker, the load generator, the read_committed consumers and "
        + "Debezium, on the same cores as PostgreSQL and the runtime.");
    notes.addAll(context.notes());
    String title = "Capture runtime benchmark" + (profile.isQuick()
        ? " — QUICK smoke profile (small sizes, figures are not representative)" : "") + state;
    return new ResultsReport(title, started, Duration.ofNanos(System.nanoTime() - start), facts, rows, notes);
  }
}
