package io.dsqlcdc.capture.source;

import io.dsqlcdc.capture.retry.Backoff;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's retry of one database read, as the tests read through failovers and token refreshes: runs it again, with
 * the runtime's backoff policy (full jitter), while it fails with an error {@link SourceErrors#isRetryable retryable}.
 * The read must take its connection inside the work, so that each attempt gets a fresh one (possibly from another
 * endpoint). The runtime itself retries whole steps (the table worker), not single reads.
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

  /** Waits for real. */
  public static final Pause SLEEP = d -> Thread.sleep(d.toMillis());

  private final int maxAttempts;
  private final Backoff backoff;
  private final Pause pause;

  public SourceRetry(int maxAttempts, Duration base, Duration cap, Pause pause) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = maxAttempts;
    this.backoff = Backoff.withFullJitter(base, cap);
    this.pause = pause;
  }

  public <T> T call(SqlWork<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.run();
      } catch (SQLException e) {
        if (attempt >= maxAttempts || !SourceErrors.isRetryable(e)) {
          throw e;
        }
        Duration delay = backoff.delay(attempt);
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
}
