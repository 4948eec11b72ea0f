package io.dsqlcdc.bench.scenario;

import io.dsqlcdc.bench.data.BenchTable;
import io.dsqlcdc.bench.data.BulkLoader;
import io.dsqlcdc.bench.debezium.DebeziumPeer;
import io.dsqlcdc.bench.kafka.CommittedWatcher;
import io.dsqlcdc.bench.limits.RawLimits;
import io.dsqlcdc.bench.report.ResultRow;
import io.dsqlcdc.bench.report.Subject;
import io.dsqlcdc.bench.runtime.RuntimeProcess;
import io.dsqlcdc.bench.runtime.RuntimeSettings;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Scenario 1: a table of N rows into Kafka, committed, measured from the subject's start until Kafka holds every row;
 * against Debezium's initial snapshot, one plain JDBC read of the table and one plain producer of the same events.
 */
public final class SnapshotScenario {
  static final String NAME = "1. Snapshot";
  private static final String TABLE = "snap";

  private final BenchContext context;
  private final long rows;
  private final Map<Subject, Double> figures = new EnumMap<>(Subject.class);
  private String sampleTopic;

  public SnapshotScenario(BenchContext context) {
    this.context = context;
    this.rows = context.profile().snapshotRows();
  }

  public void run() throws Exception {
    var env = context.environment();
    env.postgres().execute(BenchTable.ddl(TABLE));
    BulkLoader.load(env.postgres().superuserDataSource(), TABLE, rows);
    env.postgres().execute("VACUUM ANALYZE " + TABLE);
    try {
      figures.put(Subject.JDBC_READ, RawLimits.jdbcFullRead(env.postgres().captureDataSource(), TABLE, rows));
    } catch (Exception e) {
      context.failure(NAME, Subject.JDBC_READ, e);
    }
    if (!context.profile().isQuick()) {
      warmUp();
    }
    runtime(Subject.RUNTIME, RuntimeSettings.defaults("rt-snap", List.of(TABLE)).withSnapshot());
    runtime(Subject.SEED_COMPAT, RuntimeSettings.seedCompat("seed-snap", List.of(TABLE)).withSnapshot());
    debezium(Subject.DEBEZIUM, "dbz-snap", Map.of());
    debezium(Subject.DEBEZIUM_TUNED, "dbzt-snap", DebeziumPeer.THROUGHPUT);
    producer();
    Double runtime = figures.get(Subject.RUNTIME);
    Double debezium = best(figures.get(Subject.DEBEZIUM), figures.get(Subject.DEBEZIUM_TUNED));
    Double jdbc = figures.get(Subject.JDBC_READ);
    Double producer = figures.get(Subject.PRODUCER);
    Boolean met = runtime == null || debezium == null || jdbc == null || producer == null ? null
        : runtime >= debezium && runtime >= 0.5 * Math.min(jdbc, producer);
    context.row(new ResultRow(NAME, String.format("%,d rows of ~200 B", rows), "rows/s", figures,
        ">= 1.0x Debezium (the better of default and tuned) and >= 0.5x min(raw JDBC, raw producer)", met, null));
  }

  /** The higher of two figures, or null when either is missing. */
  static Double best(Double a, Double b) {
    return a == null || b == null ? null : Math.max(a, b);
  }

  /**
   * An unmeasured snapshot of a tenth of the rows first, so that whichever subject runs first does not also pay for
   * warming up the broker in this JVM and PostgreSQL's caches.
   */
  private void warmUp() throws Exception {
    var env = context.environment();
    String table = TABLE + "_warmup";
    env.postgres().execute(BenchTable.ddl(table));
    BulkLoader.load(env.postgres().superuserDataSource(), table, rows / 10);
    try (RuntimeProcess runtime = context.startRuntime(RuntimeSettings.defaults("warmup", List.of(table))
        .withSnapshot())) {
      awaitCount(rows / 10, snapshotEvents(runtime), runtime::checkAlive);
    }
  }

  private static LongSupplier snapshotEvents(RuntimeProcess runtime) {
    return () -> {
      try {
        return (long) runtime.metrics().sum("dsqlcdc_events_total", "op=\"r\"");
      } catch (Exception e) {
        runtime.checkAlive();
        return 0;
      }
    };
  }

  private void runtime(Subject subject, RuntimeSettings settings) {
    try {
      try (RuntimeProcess runtime = context.startRuntime(settings)) {
        // from the process serving /status, as Debezium's figure runs from its engine's start in a running JVM
        long start = System.nanoTime();
        long done = awaitCount(rows, snapshotEvents(runtime), runtime::checkAlive);
        figures.put(subject, rows / ((done - start) / 1e9));
        context.recordMemory(NAME, subject, runtime);
      }
      verifyArrived(subject, settings.topic(TABLE));
      sampleTopic = sampleTopic == null ? settings.topic(TABLE) : sampleTopic;
    } catch (Exception e) {
      figures.remove(subject);
      context.failure(NAME, subject, e);
    }
  }

  private void debezium(Subject subject, String name, Map<String, String> tuning) {
    try {
      long start = System.nanoTime();
      try (DebeziumPeer peer = new DebeziumPeer(context.environment(), name, tuning)) {
        peer.start(List.of(TABLE), true);
        long done = awaitCount(rows, peer::acknowledged, () -> { });
        figures.put(subject, rows / ((done - start) / 1e9));
        verifyArrived(subject, peer.topic(TABLE));
        sampleTopic = sampleTopic == null ? peer.topic(TABLE) : sampleTopic;
      }
    } catch (Exception e) {
      figures.remove(subject);
      context.failure(NAME, subject, e);
    }
  }

  private void producer() {
    try {
      if (sampleTopic == null) {
        throw new IllegalStateException("no subject produced events to replay");
      }
      String bootstrap = context.environment().kafka().bootstrapServers();
      List<ConsumerRecord<String, String>> samples = RawLimits.sample(bootstrap, sampleTopic, 10_000);
      context.environment().kafka().createTopic("raw-producer", 1);
      figures.put(Subject.PRODUCER, RawLimits.produce(bootstrap, "raw-producer", samples, rows));
    } catch (Exception e) {
      context.failure(NAME, Subject.PRODUCER, e);
    }
  }

  private static long awaitCount(long rows, LongSupplier count, Runnable check) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120 + rows / 2_000).toNanos();
    while (count.getAsLong() < rows) {
      check.run();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + count.getAsLong() + " of " + rows + " rows committed in time");
      }
      Thread.sleep(100);
    }
    return System.nanoTime();
  }

  private void verifyArrived(Subject subject, String topic) throws InterruptedException {
    try (CommittedWatcher watcher = context.watch(List.of(topic), null)) {
      if (watcher.awaitRows(rows, Duration.ofSeconds(60 + rows / 20_000)) < 0) {
        throw new IllegalStateException(subject.heading() + ": " + watcher.distinctRows() + " of " + rows
            + " rows in " + topic);
      }
      if (watcher.duplicates() > 0) {
        context.note(NAME + " / " + subject.heading() + ": " + watcher.duplicates() + " duplicate events");
      }
    }
  }
}
