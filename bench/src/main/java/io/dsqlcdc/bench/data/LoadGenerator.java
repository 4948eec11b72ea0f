package io.dsqlcdc.bench.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Inserts rows at a fixed rate spread evenly over tables, one writer thread and connection per table, each
 * committing whatever is due (at most {@value #MAX_BATCH} rows) as one multi-row INSERT transaction, so the offered
 * rate holds steady instead of arriving in bursts.
 */
public final class LoadGenerator {
  private static final int MAX_BATCH = 1000;

  private final DataSource dataSource;
  private final List<String> tables;
  private final CommitLog log;

  public LoadGenerator(DataSource dataSource, List<String> tables, CommitLog log) {
    this.dataSource = dataSource;
    this.tables = List.copyOf(tables);
    this.log = log;
  }

  /** Offers {@code rowsPerSecond} over all tables for {@code duration}; returns the rows committed. */
  public Load run(int rowsPerSecond, Duration duration) throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(tables.size());
    try {
      long start = System.nanoTime();
      List<Future<Long>> results = new ArrayList<>();
      for (String table : tables) {
        results.add(writers.submit(() -> write(table, (double) rowsPerSecond / tables.size(), start, duration)));
      }
      long rows = 0;
      for (Future<Long> result : results) {
        rows += result.get();
      }
      return new Load(rowsPerSecond, rows, Duration.ofNanos(System.nanoTime() - start));
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      writers.shutdownNow();
      writers.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private long write(String table, double rowsPerSecond, long start, Duration duration) throws Exception {
    try (Connection connection = dataSource.getConnection();
         PreparedStatement insert = connection.prepareStatement(BenchTable.insertSql(table))) {
      connection.setAutoCommit(false);
      return PacedWriter.run(rowsPerSecond, start, duration, MAX_BATCH, n -> {
        long first = log.reserve(n);
        for (long id = first; id < first + n; id++) {
          BenchTable.bind(insert, id);
          insert.addBatch();
        }
        insert.executeBatch();
        connection.commit();
        log.committed(first, n, System.nanoTime());
      });
    }
  }

  /** What a run offered and achieved. */
  public record Load(int offeredRowsPerSecond, long rows, Duration took) {
    public double achievedRowsPerSecond() {
      return rows / (took.toNanos() / 1e9);
    }
  }
}
