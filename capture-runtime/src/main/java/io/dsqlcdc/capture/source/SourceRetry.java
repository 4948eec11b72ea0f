package io.dsqlcdc.capture.source;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a database read again, with exponential backoff and full jitter, while it fails with an error
 * {@link SourceErrors#isRetryable retryable}. The read must take its connection inside the work, so that each
 * attempt gets a fresh one (possibly from another endpoint), and must move no cursor unless it returns.
 */
public final class SourceRetry {
  private static final Logger LOG = LoggerFactory.getLogger(SourceRetry.class);

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
    return new SourceRetry(10, Duration.ofMillis(100), Duration.ofSeconds(10), d -> Thread.sleep(d.toMillis()));
  }

  public <T> T call(SqlWork<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.run();
      } catch (SQLException e) {
        if (attempt >= maxAttempts || !SourceErrors.isRetryable(e)) {
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
  Duration backoff(int attempt) {
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 30));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }
}
