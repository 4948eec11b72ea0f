package io.dsqlcdc.capture.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The runtime's meters, exposed in Prometheus text on /metrics. */
public final class CaptureMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, AtomicLong> lagMillis = new ConcurrentHashMap<>();

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  /** Events written per table and op (r, c, u, d, tombstone); counted when their transaction commits. */
  public void events(String table, String op, long n) {
    Counter.builder("dsqlcdc.events").description("Change events committed to Kafka")
        .tag("table", table).tag("op", op).register(registry).increment(n);
  }

  /** Rows the database returned, by query kind: snapshot, head, window. */
  public void rowsRead(String table, String query, long n) {
    Counter.builder("dsqlcdc.rows.read").description("Rows read from the source")
        .tag("table", table).tag("query", query).register(registry).increment(n);
  }

  /** Row versions turned into events (the denominator of read amplification). */
  public void rowsEmitted(String table, long n) {
    Counter.builder("dsqlcdc.rows.emitted").description("Row versions emitted as events")
        .tag("table", table).register(registry).increment(n);
  }

  /** Row versions the database digested to compare the unsettled window: source work, though no row is shipped. */
  public void rowsCompared(String table, long n) {
    Counter.builder("dsqlcdc.window.rows.compared").description("Row versions digested by unsettled-window sweeps")
        .tag("table", table).register(registry).increment(n);
  }

  /** Window queries: digest (one per sweep share), slice (a slice whose digest differed), mismatch (still differs). */
  public void windowQuery(String table, String kind) {
    Counter.builder("dsqlcdc.window.queries").description("Unsettled-window queries")
        .tag("table", table).tag("kind", kind).register(registry).increment();
  }

  public void pollDuration(String table, String phase, Duration d) {
    Timer.builder("dsqlcdc.poll.duration").description("Duration of one poll of a table")
        .tag("table", table).tag("phase", phase).register(registry).record(d);
  }

  public void transaction(boolean committed) {
    Counter.builder("dsqlcdc.transactions").description("Kafka transactions")
        .tag("outcome", committed ? "commit" : "abort").register(registry).increment();
  }

  public void error(String table) {
    Counter.builder("dsqlcdc.errors").description("Failed polls").tag("table", table).register(registry).increment();
  }

  public void lag(String table, Duration lag) {
    lagMillis.computeIfAbsent(table, t -> {
      AtomicLong holder = new AtomicLong();
      Gauge.builder("dsqlcdc.lag.seconds", holder, h -> h.get() / 1000.0).description("Capture lag")
          .tag("table", t).register(registry);
      return holder;
    }).set(lag.toMillis());
  }

  /** The sum of the counters with this name and tags (0 when none was touched), for logs and tests. */
  public double count(String name, String... tags) {
    return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }
}
