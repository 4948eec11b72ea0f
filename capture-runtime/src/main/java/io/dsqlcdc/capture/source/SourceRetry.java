package io.dsqlcdc.capture.source;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a database read again, with exponential backoff and full jitter, while it fails with an error
 * {@link #isRetryable retryable}: a lost connection, DSQL's capacity limits, an optimistic-concurrency conflict. The read must take its connection inside the work, so that each
 * attempt gets a fresh one (possibly from another endpoint), and must move no cursor unless it returns.
 */
public final class SourceRetry {
  private static final Logger LOG = LoggerFactory.getLogger(SourceRetry.class);
  /** Too many connections (DSQL: 10,000 per cluster) and connection rate (DSQL: 100/s, burst 1,000). */
  private static final Set<String> CAPACITY = Set.of("53300", "53400");
  /** Backend ended by the server: administrator command, crash, starting up (a retired or restarted session). */
  private static final Set<String> SERVER_ENDED = Set.of("57P01", "57P02", "57P03");
  /** Serialization failure; DSQL's optimistic concurrency reports it with OC000 (data) or OC001 (schema). */
  private static final String SERIALIZATION_FAILURE = "40001";

  /** One unit of work against the database. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run() throws SQLException;
  }

  /** Waits between attempts; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  /** Waits for real. */
  public static final Pause SLEEP = d -> Thread.sleep(d.toMillis());

  private final int maxAttempts;
  private final Duration base;
  private final Duration cap;
  private final Pause pause;

  public SourceRetry(int maxAttempts, Duration base, Duration cap, Pause pause) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = maxAttempts;
    this.base = base;
    this.cap = cap;
    this.pause = pause;
  }

  /** Ten attempts, 100 ms doubling up to 10 s: rides out a failover, a connection-rate limit or a restart. */
  public static SourceRetry defaults() {
    return new SourceRetry(10, Duration.ofMillis(100), Duration.ofSeconds(10), SLEEP);
  }

  public <T> T call(SqlWork<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.run();
      } catch (SQLException e) {
        if (attempt >= maxAttempts || !isRetryable(e)) {
          throw e;
        }
        Duration delay = backoff(attempt);
        LOG.warn("Database read failed (SQLState {}: {}); attempt {} of {} in {} ms",
            e.getSQLState(), e.getMessage(), attempt + 1, maxAttempts, delay.toMillis());
        try {
          pause.pause(delay);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          e.addSuppressed(interrupted);
          throw e;
        }
      }
    }
  }

  /** Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))], so many readers do not retry in step. */
  public Duration backoff(int attempt) {
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 30));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  /** True when running the same read again, on a fresh connection, may succeed. */
  public static boolean isRetryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
          || t instanceof IOException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null && isRetryableState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRetryableState(String state) {
    return state.startsWith("08") || CAPACITY.contains(state) || SERVER_ENDED.contains(state)
        || SERIALIZATION_FAILURE.equals(state);
  }
}
