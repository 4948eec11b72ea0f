package io.dsqlcdc.bench.data;

import io.dsqlcdc.testsupport.kinesis.DsqlStreamSimulator;
import java.time.Duration;

/**
 * Inserts {@link BenchTable} rows through the DSQL stream simulator: each transaction commits in PostgreSQL and its
 * rows are put into the Kinesis stream as DSQL's CDC records. A row's time in the {@link CommitLog} is when the put
 * of its record was acknowledged, so latency is measured from the put into Kinesis.
 */
public final class StreamLoad {
  private final DsqlStreamSimulator dsql;
  private final String table;
  private final CommitLog log;

  public StreamLoad(DsqlStreamSimulator dsql, String table, CommitLog log) {
    this.dsql = dsql;
    this.table = table;
    this.log = log;
  }

  /** Writes {@code rows} rows in transactions of {@code perTransaction} and waits until every record was put. */
  public void backlog(int rows, int perTransaction) {
    for (int written = 0; written < rows; written += perTransaction) {
      insert(Math.min(perTransaction, rows - written));
    }
    dsql.flush();
  }

  /**
   * Offers {@code rowsPerSecond} for {@code duration}, one transaction of whatever is due at a time, each put before
   * the next: the emulator's put time slows the rate down rather than queueing records with stale timestamps.
   */
  public LoadGenerator.Load run(int rowsPerSecond, Duration duration) throws Exception {
    long start = System.nanoTime();
    long rows = PacedWriter.run(rowsPerSecond, start, duration, 500, n -> {
      long first = insert(n);
      dsql.flush();
      log.committed(first, n, System.nanoTime());
    });
    return new LoadGenerator.Load(rowsPerSecond, rows, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Inserts the next {@code n} rows in one transaction, whose records the simulator then puts; the first id. */
  private long insert(int n) {
    long first = log.reserve(n);
    dsql.transaction(tx -> {
      for (long id = first; id < first + n; id++) {
        tx.insert(table, BenchTable.values(id));
      }
    });
    return first;
  }
}
