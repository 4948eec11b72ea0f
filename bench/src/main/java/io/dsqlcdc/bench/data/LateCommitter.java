package io.dsqlcdc.bench.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Acts out DSQL's late commits during a load: once a second a transaction inserts one row (its cursor is the
 * transaction's start) and commits only {@code delay} later, behind rows that committed meanwhile.
 */
public final class LateCommitter implements AutoCloseable {
  private final DataSource dataSource;
  private final String table;
  private final CommitLog log;
  private final Duration delay;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
  private final AtomicLong committed = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public LateCommitter(DataSource dataSource, String table, CommitLog log, Duration delay) {
    this.dataSource = dataSource;
    this.table = table;
    this.log = log;
    this.delay = delay;
  }

  public LateCommitter start() {
    scheduler.scheduleAtFixedRate(() -> scheduler.execute(this::commitLate), 0, 1, TimeUnit.SECONDS);
    return this;
  }

  private void commitLate() {
    try (Connection connection = dataSource.getConnection();
         PreparedStatement insert = connection.prepareStatement(BenchTable.insertSql(table))) {
      connection.setAutoCommit(false);
      long id = log.reserve(1);
      BenchTable.bind(insert, id);
      insert.executeUpdate();
      Thread.sleep(delay.toMillis());
      connection.commit();
      log.committed(id, 1, System.nanoTime());
      committed.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failure.compareAndSet(null, e);
    }
  }

  /** Stops scheduling, lets open transactions commit, and returns how many late rows committed. */
  public long stop() throws Exception {
    scheduler.shutdown();
    scheduler.awaitTermination(delay.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    if (failure.get() != null) {
      throw failure.get();
    }
    return committed.get();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
