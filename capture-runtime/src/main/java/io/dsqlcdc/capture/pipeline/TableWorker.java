package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.capture.config.CaptureSettings;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.sink.SinkFailedException;
import io.dsqlcdc.capture.retry.Backoff;
import io.dsqlcdc.capture.source.SourceErrors;
import io.dsqlcdc.capture.source.TableProblemException;
import io.dsqlcdc.capture.status.TableProgress;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one table's steps on the shared scheduler: again at once while pages come back full, pollInterval after the
 * last step started when rows came, backing off to maxPollInterval while idle; after a retryable source error again
 * soon (100 ms doubling, with jitter), quietly up to 5 times in a row; after any other failure, which it reports in
 * status while the other tables flow, with backoff from 1 s doubling up to a minute.
 */
final class TableWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(TableWorker.class);
  private static final Backoff FAILURE_BACKOFF = Backoff.doubling(Duration.ofSeconds(1), Duration.ofMinutes(1));
  /** Rides out a failover, a connection-rate limit or a restart. */
  private static final Backoff QUIET_BACKOFF = Backoff.withFullJitter(Duration.ofMillis(100), Duration.ofSeconds(10));
  /** Retryable source errors in a row that are retried before the table is reported failed. */
  private static final int QUIET_RETRIES = 5;

  private final TableCapture capture;
  private final CaptureSettings settings;
  private final ScheduledExecutorService scheduler;
  private final TableProgress progress;
  private final CaptureMetrics metrics;
  private final Consumer<RuntimeException> fatal;
  private final String user;
  private boolean prepared;
  private boolean stateSuspect;
  private final Backoff idleBackoff;
  private int failures;
  private int transientFailures;
  /** Steps in a row that found nothing. */
  private int idleSteps;

  TableWorker(TableCapture capture, CaptureSettings settings, ScheduledExecutorService scheduler,
              TableProgress progress, CaptureMetrics metrics, Consumer<RuntimeException> fatal, String user) {
    this.capture = capture;
    this.settings = settings;
    this.scheduler = scheduler;
    this.progress = progress;
    this.metrics = metrics;
    this.fatal = fatal;
    this.user = user;
    this.idleBackoff = Backoff.doubling(settings.pollInterval(), settings.maxPollInterval());
  }

  @Override
  public void run() {
    try {
      runStep();
    } catch (RuntimeException e) {
      // thrown while a failure was handled: the table must not drop off the scheduler without a word
      failures++;
      stateSuspect = true;
      prepared = false;
      Duration backoff = FAILURE_BACKOFF.delay(failures);
      LOG.error("table {}: error while handling a failed step (attempt {}, retrying in {}s)", capture.name(),
          failures, backoff.toSeconds(), e);
      schedule(backoff);
    }
  }

  private void runStep() {
    long started = System.nanoTime();
    Duration delay;
    try {
      if (stateSuspect) {
        if (capture.inFlight() > 0) {
          schedule(Duration.ofMillis(100));
          return;
        }
        capture.forgetState();
        stateSuspect = false;
        prepared = false;
      }
      if (!prepared) {
        capture.prepare();
        prepared = true;
      }
      boolean more = capture.step();
      failures = 0;
      transientFailures = 0;
      // polls start an interval apart, however long the step took: its time is not added to every row's latency
      delay = nextDelay(more).minusNanos(System.nanoTime() - started);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (TableProblemException e) {
      delay = failed(e.reason(), e.getMessage(), e);
    } catch (SQLException e) {
      delay = SourceErrors.isRetryable(e) && transientFailures < QUIET_RETRIES ? retryQuietly(e)
          : failed(SourceErrors.describeTableFailure(capture.name(), user, e), e);
    } catch (SinkFailedException e) {
      fatal.accept(e);
      return;
    } catch (RuntimeException e) {
      // the in-memory state may be half updated: rebuild it from Kafka before the next step
      stateSuspect = true;
      delay = failed("table " + capture.name() + ": unexpected error " + e, e);
    } catch (Error e) {
      // out of memory, a missing class: nothing this table can retry; stop the runtime so its pod restarts, loudly
      String message = "table " + capture.name() + ": " + e + "; the runtime stops";
      LOG.error(message, e);
      progress.failed(message);
      fatal.accept(new IllegalStateException(message, e));
      return;
    }
    schedule(delay);
  }

  private Duration nextDelay(boolean more) {
    if (more || capture.lastStepHadRows()) {
      idleSteps = 0;
      return more ? Duration.ZERO : settings.pollInterval();
    }
    idleSteps++;
    Duration idle = idleBackoff.delay(idleSteps + 1);
    // an idle table still wakes for its hard-delete scan
    return capture.untilScanDue().filter(d -> d.compareTo(idle) < 0).orElse(idle);
  }

  /**
   * A lost connection, a capacity limit or a conflict: the step read nothing into its state, so it runs again soon
   * on a fresh connection; only when that keeps failing is the table reported failed.
   */
  private Duration retryQuietly(SQLException e) {
    transientFailures++;
    metrics.error(capture.name());
    Duration delay = QUIET_BACKOFF.delay(transientFailures);
    LOG.info("table {}: {} (SQLState {}); retry {} of {} in {} ms", capture.name(), e.getMessage(), e.getSQLState(),
        transientFailures, QUIET_RETRIES, delay.toMillis());
    return delay;
  }

  private Duration failed(String message, Exception e) {
    return failed(null, message, e);
  }

  private Duration failed(String reason, String message, Exception e) {
    failures++;
    prepared = false;
    progress.failed(reason, message);
    metrics.error(capture.name());
    Duration backoff = FAILURE_BACKOFF.delay(failures);
    LOG.warn("{} (attempt {}, retrying in {}s)", message, failures, backoff.toSeconds());
    LOG.debug("failure detail", e);
    return backoff;
  }

  private void schedule(Duration delay) {
    try {
      scheduler.schedule(this, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopping) {
      LOG.debug("not rescheduling {}: the pipeline is stopping", capture.name());
    }
  }
}
