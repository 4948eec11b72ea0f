package io.dsqlcdc.bench.scenario;

import io.dsqlcdc.bench.data.BenchTable;
import io.dsqlcdc.bench.data.CommitLog;
import io.dsqlcdc.bench.data.LoadGenerator;
import io.dsqlcdc.bench.data.StreamLoad;
import io.dsqlcdc.bench.kafka.CommittedWatcher;
import io.dsqlcdc.bench.kafka.LatencyRecorder;
import io.dsqlcdc.bench.kinesis.DsqlRecords;
import io.dsqlcdc.bench.kinesis.PlainRelay;
import io.dsqlcdc.bench.kinesis.ShardPump;
import io.dsqlcdc.bench.report.ResultRow;
import io.dsqlcdc.bench.report.Subject;
import io.dsqlcdc.bench.runtime.PrometheusText;
import io.dsqlcdc.bench.runtime.RuntimeProcess;
import io.dsqlcdc.bench.runtime.RuntimeSettings;
import io.dsqlcdc.testsupport.kinesis.DsqlStreamSimulator;
import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 10: stream mode's relay against kinesis-local, beside a plain at-least-once relay and the emulator's own
 * read rate, all in one run. Throughput: a backlog of DSQL CDC records is put over the shards before any reader
 * starts, then each subject drains all of it to Kafka (read_committed; the raw read only reads it), timed from the
 * subject being ready to read until its last record is readable. Latency: at a steady rate, each row's time from
 * the acknowledged put of its record into Kinesis to its arrival read_committed, for the runtime in stream mode and
 * the plain relay, beside the runtime in poll mode (commit to arrival) at the same rate.
 */
public final class StreamRelayScenario {
  static final String NAME = "10. Stream relay";
  private static final Logger LOG = LoggerFactory.getLogger(StreamRelayScenario.class);
  private static final int ROWS_PER_TRANSACTION = 100;
  private static final Duration DRAIN_LIMIT = Duration.ofMinutes(10);

  private final BenchContext context;
  private final Map<Subject, LoadGenerator.Load> latencyLoads = new EnumMap<>(Subject.class);

  public StreamRelayScenario(BenchContext context) {
    this.context = context;
  }

  /** A started emulator, or null, noted as skipped, when this machine lacks Node.js or npm. */
  static KinesisLocal startKinesis(BenchContext context, String scenario) {
    List<String> missing = KinesisLocal.missingPrerequisites();
    if (!missing.isEmpty()) {
      String why = scenario + " SKIPPED: the local Kinesis (npm kinesis-local " + KinesisLocal.PACKAGE.version()
          + ") cannot run here, missing " + String.join("; ", missing);
      LOG.warn(why);
      context.note(why);
      return null;
    }
    KinesisLocal kinesis = KinesisLocal.perClass();
    kinesis.start();
    return kinesis;
  }

  static RuntimeSettings.ChangeStream changeStream(KinesisLocal kinesis, String stream, String startPosition) {
    return new RuntimeSettings.ChangeStream(kinesis.streamArn(stream), kinesis.endpoint(), startPosition,
        kinesis.credentials());
  }

  public void run() throws Exception {
    KinesisLocal kinesis = startKinesis(context, NAME);
    if (kinesis == null) {
      return;
    }
    try (kinesis) {
      throughput(kinesis);
      latency(kinesis);
    }
  }

  private void throughput(KinesisLocal kinesis) throws Exception {
    int backlog = context.profile().stream().backlog();
    int shards = context.profile().stream().shards();
    String table = "st_backlog";
    String stream = "bench-backlog";
    context.environment().postgres().execute(BenchTable.ddl(table));
    kinesis.createStream(stream, shards);
    long putStart = System.nanoTime();
    try (DsqlStreamSimulator dsql = simulator(context, kinesis, stream, 10)) {
      new StreamLoad(dsql, table, new CommitLog(0)).backlog(backlog, ROWS_PER_TRANSACTION);
    }
    double putSeconds = (System.nanoTime() - putStart) / 1e9;
    String shape = String.format(Locale.ROOT, "%,d records over %d shards", backlog, shards);
    context.note(String.format(Locale.ROOT, "%s: the backlog (%s, DSQL CDC records of the bench table's rows, "
        + "committed in PostgreSQL %d rows per transaction) took %.1f s to put (%,.0f records/s)", NAME, shape,
        ROWS_PER_TRANSACTION, putSeconds, backlog / putSeconds));

    // unmeasured, so that the first subject does not also pay for warming up the emulator's reads
    drainRaw(kinesis, stream, backlog);
    Map<Subject, Double> rates = new EnumMap<>(Subject.class);
    rates.put(Subject.RUNTIME, measured(Subject.RUNTIME, () -> drainRuntime(kinesis, table, stream, backlog)));
    rates.put(Subject.PLAIN_RELAY, measured(Subject.PLAIN_RELAY, () -> drainPlain(kinesis, stream, backlog)));
    rates.put(Subject.KINESIS_READ, measured(Subject.KINESIS_READ, () -> backlog / drainRaw(kinesis, stream,
        backlog)));
    rates.values().removeIf(Objects::isNull);
    context.row(new ResultRow(NAME, "drain a backlog of " + shape + " to Kafka read_committed", "records/s", rates,
        null, null, null));
  }

  private interface Measurement<T> {
    T measure() throws Exception;
  }

  /** The subject's figure, or null, reported as the subject's failure, when measuring it failed. */
  private <T> T measured(Subject subject, Measurement<T> measurement) {
    try {
      return measurement.measure();
    } catch (Exception e) {
      context.failure(NAME, subject, e);
      return null;
    }
  }

  /** Each record put once, at once, in commit order: every subject relays the same records, none twice. */
  static DsqlStreamSimulator simulator(BenchContext context, KinesisLocal kinesis, String stream, long seed) {
    return DsqlStreamSimulator.builder(context.environment().postgres().superuserDataSource(), kinesis.client(),
        stream).seed(seed).build();
  }

  private double drainRuntime(KinesisLocal kinesis, String table, String stream, int backlog) throws Exception {
    RuntimeSettings settings = RuntimeSettings.defaults("rt-stream-drain", List.of(table))
        .withChangeStream(changeStream(kinesis, stream, "trimHorizon"));
    // the watcher reads from before the runtime starts, as it does for the plain relay: its start-up is not timed
    context.environment().kafka().createTopic(settings.topic(table), 1);
    try (CommittedWatcher watcher = context.watch(List.of(settings.topic(table)), null);
         RuntimeProcess runtime = context.startRuntime(settings)) {
      runtime.awaitTables("Streaming", Duration.ofSeconds(60));
      long ready = System.nanoTime();
      long drained = watcher.awaitRows(backlog, DRAIN_LIMIT);
      if (drained < 0) {
        throw new IllegalStateException(watcher.distinctRows() + " of " + backlog + " records arrived within "
            + DRAIN_LIMIT.toMinutes() + " min");
      }
      double seconds = (drained - ready) / 1e9;
      PrometheusText metrics = runtime.metrics();
      context.note(String.format(Locale.ROOT, "%s: the runtime drained the backlog %.1f s after it handed its "
              + "table to the relay, %.1f s after its JVM was launched; it read %,.0f records, dropped %,.0f as "
              + "duplicates and %,.0f as stale", NAME, seconds, (drained - runtime.launchedNanos()) / 1e9,
          metrics.sum("dsqlcdc_stream_records_total", "kind=\"read\""),
          metrics.sum("dsqlcdc_stream_records_total", "kind=\"duplicate\""),
          metrics.sum("dsqlcdc_stream_records_total", "kind=\"stale\"")));
      context.recordMemory(NAME + " (stream mode, backlog)", Subject.RUNTIME, runtime);
      return backlog / seconds;
    }
  }

  private double drainPlain(KinesisLocal kinesis, String stream, int backlog) throws Exception {
    String topic = "plain-drain";
    context.environment().kafka().createTopic(topic, 1);
    try (CommittedWatcher watcher = plainWatcher(topic, null)) {
      long start = System.nanoTime();
      try (PlainRelay relay = new PlainRelay(kinesis.client(), stream,
          context.environment().kafka().bootstrapServers(), topic)) {
        long drained = watcher.awaitRows(backlog, DRAIN_LIMIT);
        if (drained < 0) {
          throw new IllegalStateException(watcher.distinctRows() + " of " + backlog + " records arrived within "
              + DRAIN_LIMIT.toMinutes() + " min (" + relay.relayed() + " relayed)");
        }
        return backlog / ((drained - start) / 1e9);
      }
    }
  }

  /** Seconds to read every record of the stream with plain GetRecords calls, nothing done with them. */
  private static double drainRaw(KinesisLocal kinesis, String stream, int backlog) throws Exception {
    long start = System.nanoTime();
    try (ShardPump pump = ShardPump.start(kinesis.client(), stream, records -> { })) {
      long drained = pump.awaitRecords(backlog, DRAIN_LIMIT);
      if (drained < 0) {
        throw new IllegalStateException(pump.records() + " of " + backlog + " records read within "
            + DRAIN_LIMIT.toMinutes() + " min");
      }
      return (drained - start) / 1e9;
    }
  }

  private CommittedWatcher plainWatcher(String topic, CommitLog commits) {
    return new CommittedWatcher(context.environment().kafka().bootstrapServers(), List.of(topic), commits,
        record -> DsqlRecords.rowId(record.value()));
  }

  private void latency(KinesisLocal kinesis) {
    int rate = context.profile().stream().latencyRate();
    Duration run = context.profile().stream().latencyRun();
    Map<Subject, LatencyRecorder> recorders = new EnumMap<>(Subject.class);
    recorders.put(Subject.RUNTIME, measured(Subject.RUNTIME, () -> streamRuntimeLatency(kinesis, rate, run)));
    recorders.put(Subject.PLAIN_RELAY, measured(Subject.PLAIN_RELAY, () -> plainLatency(kinesis, rate, run)));
    recorders.put(Subject.POLL_MODE, measured(Subject.POLL_MODE, () -> pollLatency(rate, run)));
    String at = " at " + rate + " rows/s";
    context.row(new ResultRow(NAME, "latency p50" + at, "ms", LatencyScenario.quantiles(recorders, 0.50), null, null,
        null));
    context.row(new ResultRow(NAME, "latency p99" + at, "ms", LatencyScenario.quantiles(recorders, 0.99), null, null,
        null));
    context.row(new ResultRow(NAME, "latency max" + at, "ms", LatencyScenario.quantiles(recorders, 1.0), null, null,
        null));
    StringBuilder achieved = new StringBuilder();
    latencyLoads.forEach((subject, load) -> achieved.append(achieved.isEmpty() ? "" : ", ")
        .append(subject.heading()).append(String.format(Locale.ROOT, " %.1f", load.achievedRowsPerSecond())));
    context.note(String.format(Locale.ROOT, "%s: latency offered %d rows/s for %d s (the first %d s not measured); "
            + "achieved rows/s: %s. Stream mode: from the put acknowledged; poll mode: from the commit returning",
        NAME, rate, context.profile().latencyWarmup().plus(run).toSeconds(),
        context.profile().latencyWarmup().toSeconds(), achieved));
  }

  private LatencyRecorder streamRuntimeLatency(KinesisLocal kinesis, int rate, Duration run) throws Exception {
    String table = "st_lat_runtime";
    String stream = "bench-latency-runtime";
    context.environment().postgres().execute(BenchTable.ddl(table));
    kinesis.createStream(stream, context.profile().stream().shards());
    RuntimeSettings settings = RuntimeSettings.defaults("rt-stream-lat", List.of(table))
        .withChangeStream(changeStream(kinesis, stream, "trimHorizon"));
    try (RuntimeProcess runtime = context.startRuntime(settings);
         DsqlStreamSimulator dsql = simulator(context, kinesis, stream, 11)) {
      runtime.awaitTables("Streaming", Duration.ofSeconds(60));
      LatencyRecorder latencies = LatencyScenario.measure(context,
          commits -> context.watch(List.of(settings.topic(table)), commits), rate, run,
          (commits, duration) -> latencyLoads.put(Subject.RUNTIME,
              new StreamLoad(dsql, table, commits).run(rate, duration)));
      context.recordMemory(NAME + " (stream mode, " + rate + " rows/s)", Subject.RUNTIME, runtime);
      return latencies;
    }
  }

  private LatencyRecorder plainLatency(KinesisLocal kinesis, int rate, Duration run) throws Exception {
    String table = "st_lat_plain";
    String stream = "bench-latency-plain";
    String topic = "plain-latency";
    context.environment().postgres().execute(BenchTable.ddl(table));
    kinesis.createStream(stream, context.profile().stream().shards());
    context.environment().kafka().createTopic(topic, 1);
    try (PlainRelay relay = new PlainRelay(kinesis.client(), stream,
        context.environment().kafka().bootstrapServers(), topic);
         DsqlStreamSimulator dsql = simulator(context, kinesis, stream, 12)) {
      return LatencyScenario.measure(context, commits -> plainWatcher(topic, commits), rate, run,
          (commits, duration) -> latencyLoads.put(Subject.PLAIN_RELAY,
              new StreamLoad(dsql, table, commits).run(rate, duration)));
    }
  }

  private LatencyRecorder pollLatency(int rate, Duration run) throws Exception {
    String table = "poll_lat_stream";
    context.environment().postgres().execute(BenchTable.ddl(table));
    RuntimeSettings settings = RuntimeSettings.defaults("rt-poll-lat", List.of(table));
    try (RuntimeProcess runtime = context.startRuntime(settings)) {
      runtime.awaitTables("Streaming", Duration.ofSeconds(60));
      return LatencyScenario.measure(context, commits -> context.watch(List.of(settings.topic(table)), commits),
          rate, run, (commits, duration) -> latencyLoads.put(Subject.POLL_MODE,
              new LoadGenerator(context.environment().writerDataSource(), List.of(table), commits)
                  .run(rate, duration)));
    }
  }
}
