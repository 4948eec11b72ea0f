package io.dsqlcdc.capture.metrics;

import io.dsqlcdc.api.metrics.ProcessMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The runtime's meters, exposed in Prometheus text on /metrics: the JVM and process, and the capture series. Every
 * capture series of every configured table exists from the start at zero ({@link #table}), so dashboards and alerts
 * work before the first event and need no {@code absent()}.
 */
public final class CaptureMetrics implements AutoCloseable {
  /** Op tag values of {@code dsqlcdc.events}: Debezium's ops plus tombstones. */
  public static final List<String> OPS = List.of("r", "c", "u", "d", "tombstone");
  /** Query tag values of {@code dsqlcdc.rows.read}. */
  public static final List<String> READ_QUERIES = List.of("snapshot", "head", "window");
  /** Kind tag values of {@code dsqlcdc.window.queries}. */
  public static final List<String> WINDOW_QUERY_KINDS = List.of("digest", "slice", "mismatch");
  /** Phase tag values of {@code dsqlcdc.poll.duration}. */
  public static final List<String> POLL_PHASES = List.of("snapshot", "streaming");
  /** The table tag of errors of the sink as a whole (failed connection attempts). */
  public static final String SINK = "sink";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, AtomicLong> lagMillis = new ConcurrentHashMap<>();
  /** Pipeline-wide durations, by metric name, in ms. */
  private final Map<String, AtomicLong> durationMillis = new ConcurrentHashMap<>();
  private final ProcessMetrics process = new ProcessMetrics();

  /** Meters without a pipeline tag (tests that run several pipelines in one JVM tell them apart by table). */
  public CaptureMetrics() {
    this(Tags.empty());
  }

  /** Every meter tagged {@code pipeline=<namespace/name>}, as the runtime of one pipeline exposes them. */
  public CaptureMetrics(String pipeline) {
    this(Tags.of("pipeline", pipeline));
  }

  private CaptureMetrics(Tags common) {
    registry.config().commonTags(common);
    process.bindTo(registry);
    for (boolean committed : new boolean[] {true, false}) {
      transactions(committed);
    }
    errors(SINK);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  /**
   * Registers every series of a configured table at zero; {@code failing} and {@code snapshotting} are read live (held
   * strongly: a gauge keeps only a weak reference to its object by default, and a lambda has no other owner).
   */
  public void table(String table, BooleanSupplier failing, BooleanSupplier snapshotting) {
    OPS.forEach(op -> events(table, op));
    READ_QUERIES.forEach(query -> rowsRead(table, query));
    WINDOW_QUERY_KINDS.forEach(kind -> windowQueries(table, kind));
    POLL_PHASES.forEach(phase -> pollTimer(table, phase));
    rowsEmitted(table);
    rowsCompared(table);
    errors(table);
    lagHolder(table);
    Gauge.builder("dsqlcdc.table.failing", failing, f -> f.getAsBoolean() ? 1 : 0)
        .description("1 while the table's last attempt failed (see lastError in /status)")
        .tag("table", table).strongReference(true).register(registry);
    Gauge.builder("dsqlcdc.table.snapshotting", snapshotting, s -> s.getAsBoolean() ? 1 : 0)
        .description("1 while the table is being snapshotted")
        .tag("table", table).strongReference(true).register(registry);
  }

  /** The two connections as /readyz judges them, read live. */
  public void connections(BooleanSupplier source, BooleanSupplier sink) {
    Gauge.builder("dsqlcdc.source.connected", source, s -> s.getAsBoolean() ? 1 : 0)
        .description("1 while the source database answers").strongReference(true).register(registry);
    Gauge.builder("dsqlcdc.sink.connected", sink, s -> s.getAsBoolean() ? 1 : 0)
        .description("1 while Kafka takes the pipeline's commits (brokers answer, no commit stalled)")
        .strongReference(true).register(registry);
  }

  /**
   * Stream mode with {@code changeStream.dsqlStreamArn}: 1 while the DSQL stream is ACTIVE and publishes into the
   * relayed Kinesis stream, 0 otherwise (failed, impaired, creating, its status unreadable).
   */
  public void streamSourceActive(BooleanSupplier active) {
    Gauge.builder("dsqlcdc.stream.source.active", active, a -> a.getAsBoolean() ? 1 : 0)
        .description("Stream mode: 1 while the DSQL CDC stream is ACTIVE (GetStream), 0 otherwise")
        .strongReference(true).register(registry);
  }

  /** Events written per table and op (r, c, u, d, tombstone); counted when their transaction commits. */
  public void events(String table, String op, long n) {
    events(table, op).increment(n);
  }

  private Counter events(String table, String op) {
    return Counter.builder("dsqlcdc.events").description("Change events committed to Kafka")
        .tag("table", table).tag("op", op).register(registry);
  }

  /**
   * Stream mode: change stream records by what became of them: read (every Kinesis record), and of the changes
   * dropped: duplicate (a version already emitted or held, or a redelivered piece), stale (older than its key's
   * last emitted version), skipped (a table not captured), in_snapshot (committed before the table's snapshot).
   */
  public void streamRecords(String kind, long n) {
    if (n > 0) {
      Counter.builder("dsqlcdc.stream.records").description("Change stream records read and dropped, by kind")
          .tag("kind", kind).register(registry).increment(n);
    }
  }

  /**
   * Stream mode: how long after their arrival change stream records are assumed to be still invisible to GetRecords
   * (learned from records that came late; stream time stays that far behind what was read).
   */
  public void streamVisibilityDelay(Duration delay) {
    duration("dsqlcdc.stream.visibility.delay.seconds",
        "Stream mode: the assumed delay from a record's arrival to its being readable", delay);
  }

  /**
   * Stream mode: how old the oldest change stream record read but not released is (held in the grace window, or
   * waiting for a table that cannot take it), so how far back the stream checkpoint stands; 0 when every record read
   * was released.
   */
  public void streamCheckpointAge(Duration age) {
    duration("dsqlcdc.stream.checkpoint.age.seconds",
        "Stream mode: age of the oldest change stream record read but not yet released", age);
  }

  /** Stream mode: how long the Kinesis stream keeps records. */
  public void streamRetention(Duration retention) {
    duration("dsqlcdc.stream.retention.seconds", "Stream mode: the Kinesis stream's retention period", retention);
  }

  private void duration(String name, String description, Duration value) {
    durationMillis.computeIfAbsent(name, n -> {
      AtomicLong millis = new AtomicLong();
      Gauge.builder(n, millis, m -> m.get() / 1000.0).description(description).register(registry);
      return millis;
    }).set(value.toMillis());
  }

  /** Rows the database returned, by query kind: snapshot, head, window. */
  public void rowsRead(String table, String query, long n) {
    rowsRead(table, query).increment(n);
  }

  private Counter rowsRead(String table, String query) {
    return Counter.builder("dsqlcdc.rows.read").description("Rows read from the source")
        .tag("table", table).tag("query", query).register(registry);
  }

  /** Row versions turned into events (the denominator of read amplification). */
  public void rowsEmitted(String table, long n) {
    rowsEmitted(table).increment(n);
  }

  private Counter rowsEmitted(String table) {
    return Counter.builder("dsqlcdc.rows.emitted").description("Row versions emitted as events")
        .tag("table", table).register(registry);
  }

  /** Row versions the database digested to compare the unsettled window: source work, though no row is shipped. */
  public void rowsCompared(String table, long n) {
    rowsCompared(table).increment(n);
  }

  private Counter rowsCompared(String table) {
    return Counter.builder("dsqlcdc.window.rows.compared")
        .description("Row versions digested by unsettled-window sweeps")
        .tag("table", table).register(registry);
  }

  /** Window queries: digest (one per sweep share), slice (a slice whose digest differed), mismatch (still differs). */
  public void windowQuery(String table, String kind) {
    windowQueries(table, kind).increment();
  }

  private Counter windowQueries(String table, String kind) {
    return Counter.builder("dsqlcdc.window.queries").description("Unsettled-window queries")
        .tag("table", table).tag("kind", kind).register(registry);
  }

  /** Registers a table's hard-delete series at zero (tables with hardDeletes on). */
  public void hardDeleteTable(String table) {
    for (String name : HARD_DELETE_COUNTERS) {
      hardDeleteCounter(name, table);
    }
    hardDeleteScanTimer(table);
  }

  /** Counters of the hard-delete scan, each {@code dsqlcdc.hard_delete.<name>}. */
  public static final List<String> HARD_DELETE_COUNTERS = List.of("keys.compared", "ranges.reread", "queries",
      "rows.digested", "rows.transferred", "deletes", "scans");

  /** One step (key range) of a table's hard-delete scan. */
  public void hardDeleteStep(String table, long keysCompared, long rangesReRead, long queries, long rowsDigested,
                             long rowsTransferred, long deletes) {
    hardDeleteCounter("keys.compared", table).increment(keysCompared);
    hardDeleteCounter("ranges.reread", table).increment(rangesReRead);
    hardDeleteCounter("queries", table).increment(queries);
    hardDeleteCounter("rows.digested", table).increment(rowsDigested);
    hardDeleteCounter("rows.transferred", table).increment(rowsTransferred);
    hardDeleteCounter("deletes", table).increment(deletes);
  }

  /** A complete scan of a table, from its first step's start. */
  public void hardDeleteScanCompleted(String table, Duration took) {
    hardDeleteCounter("scans", table).increment();
    hardDeleteScanTimer(table).record(took);
  }

  private Counter hardDeleteCounter(String name, String table) {
    return Counter.builder("dsqlcdc.hard_delete." + name).description("Hard-delete scan: " + name.replace('.', ' '))
        .tag("table", table).register(registry);
  }

  private Timer hardDeleteScanTimer(String table) {
    return Timer.builder("dsqlcdc.hard_delete.scan.duration").description("Duration of a complete hard-delete scan")
        .tag("table", table).register(registry);
  }

  public void pollDuration(String table, String phase, Duration d) {
    pollTimer(table, phase).record(d);
  }

  private Timer pollTimer(String table, String phase) {
    return Timer.builder("dsqlcdc.poll.duration").description("Duration of one poll of a table")
        .tag("table", table).tag("phase", phase).register(registry);
  }

  public void transaction(boolean committed) {
    transactions(committed).increment();
  }

  private Counter transactions(boolean committed) {
    return Counter.builder("dsqlcdc.transactions").description("Kafka transactions")
        .tag("outcome", committed ? "commit" : "abort").register(registry);
  }

  /** A change of a table's shape seen while capturing; {@code kind} is a {@code SchemaDiff.Kind} label. */
  public void schemaChange(String table, String kind) {
    Counter.builder("dsqlcdc.table.schema.changes")
        .description("Changes of a table's columns or key seen while capturing")
        .tag("table", table).tag("kind", kind).register(registry).increment();
  }

  /** A failed poll of a table, or a failed attempt to connect to the sink ({@link #SINK}). */
  public void error(String table) {
    errors(table).increment();
  }

  private Counter errors(String table) {
    return Counter.builder("dsqlcdc.errors").description("Failed polls").tag("table", table).register(registry);
  }

  public void lag(String table, Duration lag) {
    lagHolder(table).set(lag.toMillis());
  }

  private AtomicLong lagHolder(String table) {
    return lagMillis.computeIfAbsent(table, t -> {
      AtomicLong holder = new AtomicLong();
      Gauge.builder("dsqlcdc.lag.seconds", holder, h -> h.get() / 1000.0).description("Capture lag")
          .tag("table", t).register(registry);
      return holder;
    });
  }

  /** The sum of the counters with this name and tags (0 when none was touched), for logs and tests. */
  public double count(String name, String... tags) {
    return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }

  @Override
  public void close() {
    process.close();
    registry.close();
  }
}
