package io.dsqlcdc.bench.scenario;

import io.dsqlcdc.bench.data.BenchTable;
import io.dsqlcdc.bench.data.BulkLoader;
import io.dsqlcdc.bench.kafka.DeleteArrivals;
import io.dsqlcdc.bench.kafka.LatencyRecorder;
import io.dsqlcdc.bench.report.ResultRow;
import io.dsqlcdc.bench.report.Subject;
import io.dsqlcdc.bench.runtime.PrometheusText;
import io.dsqlcdc.bench.runtime.RuntimeProcess;
import io.dsqlcdc.bench.runtime.RuntimeSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Scenario 9: what finding hard deletes costs (issue 12). Per table size, the runtime snapshots the table with
 * {@code hardDeletes} on, then for 0, 1 and 1,000 rows deleted per scan interval, over {@link #INTERVALS} intervals:
 * rows transferred to the runtime, rows the database digested and queries per complete scan (the runtime's
 * {@code dsqlcdc_hard_delete_*} counters), the scan's wall time, and each deleted key's detection delay (its DELETE's
 * commit to its d event readable read_committed). Beside it, in the same run, the naive peer: {@code SELECT id} of the
 * whole table, compared with the keys held, timed in the bench JVM.
 */
public final class HardDeleteScenario {
  static final String NAME = "9. Hard deletes";
  /** Scan intervals measured per deletes-per-interval case. */
  static final int INTERVALS = 3;
  static final List<Integer> DELETES_PER_INTERVAL = List.of(0, 1, 1_000);

  private final BenchContext context;

  public HardDeleteScenario(BenchContext context) {
    this.context = context;
  }

  public void run() {
    for (int rows : context.profile().hardDeleteRows()) {
      size(rows);
    }
  }

  private void size(int rows) {
    String size = rows % 1_000_000 == 0 ? rows / 1_000_000 + "M" : rows / 1_000 + "k";
    String table = "hd_" + size.toLowerCase(Locale.ROOT);
    // the scan runs back to back on large tables; on small ones it waits for the interval
    String interval = rows >= 1_000_000 ? "10s" : "2s";
    RuntimeSettings settings = RuntimeSettings.defaults("rt-hd-" + size.toLowerCase(Locale.ROOT), List.of(table))
        .withSnapshot().withHardDeletes(interval);
    var env = context.environment();
    try {
      env.postgres().execute(BenchTable.ddl(table));
      BulkLoader.load(env.postgres().superuserDataSource(), table, rows);
      env.postgres().execute("VACUUM ANALYZE " + table);
      BitSet live = new BitSet(rows + 1);
      live.set(1, rows + 1);
      Random random = new Random(rows);
      try (RuntimeProcess runtime = context.startRuntime(settings);
           DeleteArrivals arrivals = new DeleteArrivals(env.kafka().bootstrapServers(), settings.topic(table))) {
        runtime.awaitMetric("dsqlcdc_events_total", "op=\"r\"", rows, Duration.ofSeconds(300 + rows / 5_000));
        awaitScans(runtime, 1, Duration.ofSeconds(300 + rows / 20_000));
        for (int deletes : DELETES_PER_INTERVAL) {
          measure(runtime, arrivals, table, size, interval, rows, deletes, live, random);
        }
        context.recordMemory(NAME + ", " + size + " rows", Subject.RUNTIME, runtime);
      }
    } catch (Exception e) {
      context.failure(NAME + ", " + size + " rows", Subject.RUNTIME, e);
    }
  }

  private void measure(RuntimeProcess runtime, DeleteArrivals arrivals, String table, String size, String interval,
                       int rows, int deletes, BitSet live, Random random) throws Exception {
    String shape = size + " rows, " + deletes + " deletes per " + interval + " interval";
    PrometheusText before = runtime.metrics();
    Map<Long, Long> deletedAt = new HashMap<>();
    for (int i = 0; i < INTERVALS; i++) {
      if (deletes > 0) {
        List<Long> ids = pick(live, random, deletes);
        long at = delete(context.environment().writerDataSource(), table, ids);
        ids.forEach(id -> deletedAt.put(id, at));
      }
      // a scan that started after the deletes has completed
      awaitScans(runtime, 2, Duration.ofSeconds(600 + rows / 10_000));
    }
    LatencyRecorder delays = arrivals.await(deletedAt, Duration.ofSeconds(120), runtime::checkAlive);
    PrometheusText after = runtime.metrics();
    double scans = delta(before, after, "dsqlcdc_hard_delete_scans_total");
    double transferred = delta(before, after, "dsqlcdc_hard_delete_rows_transferred_total") / scans;
    double digested = delta(before, after, "dsqlcdc_hard_delete_rows_digested_total") / scans;
    double queries = delta(before, after, "dsqlcdc_hard_delete_queries_total") / scans;
    double scanSeconds = delta(before, after, "dsqlcdc_hard_delete_scan_duration_seconds_sum") / scans;
    // the naive peer compares with the keys held before this case's deletes
    BitSet held = (BitSet) live.clone();
    deletedAt.keySet().forEach(id -> held.set(id.intValue()));
    Naive naive = naive(context.environment().writerDataSource(), table, held);
    boolean tenMillion = rows >= 10_000_000;
    row("rows transferred to the runtime per scan, " + shape, "rows", transferred, naive.rows(),
        deletes == 0 ? "<= 1% of the naive peer's" : null, deletes == 0 ? transferred <= naive.rows() / 100.0 : null);
    row("rows digested by the database per scan, " + shape, "rows", digested, naive.rows(), null, null);
    row("queries per scan, " + shape, "queries", queries, 1.0, null, null);
    row("scan wall time, " + shape, "s", scanSeconds, naive.seconds(),
        tenMillion && deletes == 0 ? "< 60 s at 10M unchanged rows" : null,
        tenMillion && deletes == 0 ? scanSeconds < 60 : null);
    if (deletes > 0) {
      row("detection delay p50, " + shape, "s", delays.millis(0.5) / 1000, null, null, null);
      row("detection delay p99, " + shape, "s", delays.millis(0.99) / 1000, null, null, null);
    }
    context.note(String.format(Locale.ROOT, "%s, %s: %.0f complete scans measured; %d keys deleted, %d d events"
            + " read back; naive peer: %.0f rows read, %d keys found gone, %.2f s", NAME, shape, scans,
        deletedAt.size(), delays.count(), naive.rows(), naive.gone(), naive.seconds()));
  }

  private void row(String metric, String unit, double runtime, Double naive, String target, Boolean verdict) {
    Map<Subject, Double> figures = new HashMap<>();
    figures.put(Subject.RUNTIME, runtime);
    if (naive != null) {
      figures.put(Subject.NAIVE_SCAN, naive);
    }
    context.row(new ResultRow(NAME, metric, unit, figures, target, verdict, null));
  }

  private static List<Long> pick(BitSet live, Random random, int n) {
    List<Long> out = new java.util.ArrayList<>(n);
    int size = live.length();
    while (out.size() < n) {
      int id = live.nextSetBit(1 + random.nextInt(size - 1));
      if (id > 0) {
        live.clear(id);
        out.add((long) id);
      }
    }
    return out;
  }

  /** Deletes the rows in one transaction; returns when its commit returned (nanoTime). */
  private static long delete(DataSource db, String table, List<Long> ids) throws SQLException {
    try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM " + table + " WHERE id IN ("
          + ids.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    return System.nanoTime();
  }

  /** The naive peer's figures for one pass. */
  private record Naive(double rows, long gone, double seconds) {
  }

  /** Reads every key of the table in key order and compares it with the keys held: what one naive pass costs. */
  private static Naive naive(DataSource db, String table, BitSet held) throws SQLException {
    long start = System.nanoTime();
    BitSet seen = new BitSet(held.length());
    long rows = 0;
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.setFetchSize(10_000);
        try (ResultSet rs = st.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
          while (rs.next()) {
            seen.set((int) rs.getLong(1));
            rows++;
          }
        }
      }
      c.commit();
    }
    BitSet gone = (BitSet) held.clone();
    gone.andNot(seen);
    return new Naive(rows, gone.cardinality(), (System.nanoTime() - start) / 1e9);
  }

  private static double delta(PrometheusText before, PrometheusText after, String name) {
    return after.sum(name) - before.sum(name);
  }

  private static void awaitScans(RuntimeProcess runtime, int more, Duration timeout) throws Exception {
    double target = runtime.metrics().sum("dsqlcdc_hard_delete_scans_total") + more;
    runtime.awaitMetric("dsqlcdc_hard_delete_scans_total", null, target, timeout);
  }
}
