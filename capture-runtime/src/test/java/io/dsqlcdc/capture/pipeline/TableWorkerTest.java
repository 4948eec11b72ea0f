package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.spec.SnapshotMode;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.capture.config.CaptureSettings;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.sink.SinkFailedException;
import io.dsqlcdc.capture.source.TableProblemException;
import io.dsqlcdc.capture.status.TableProgress;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a table's worker schedules its steps, retries, backs off and escalates, driven one run at a time. */
class TableWorkerTest {
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration MAX_POLL = Duration.ofSeconds(8);

  /** What the next step does: returns whether its page was full, or throws. */
  private interface StepOutcome {
    boolean run() throws SQLException;
  }

  /** A table capture that plays scripted step outcomes and counts what the worker asked of it. */
  private static final class ScriptedCapture implements TableCapture {
    final Deque<StepOutcome> steps = new ArrayDeque<>();
    boolean hadRows;
    int inFlight;
    int prepares;
    int forgets;
    Optional<Duration> scanDueIn = Optional.empty();

    @Override
    public String name() {
      return "public.orders";
    }

    @Override
    public void prepare() {
      prepares++;
    }

    @Override
    public boolean step() throws SQLException {
      return steps.removeFirst().run();
    }

    @Override
    public boolean lastStepHadRows() {
      return hadRows;
    }

    @Override
    public int inFlight() {
      return inFlight;
    }

    @Override
    public Optional<Duration> untilScanDue() {
      return scanDueIn;
    }

    @Override
    public void forgetState() {
      forgets++;
    }
  }

  /** Records the delays the worker reschedules itself with instead of running it. */
  private static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
    final List<Duration> delays = new ArrayList<>();

    RecordingScheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      delays.add(Duration.ofNanos(unit.toNanos(delay)));
      return null;
    }

    Duration last() {
      return delays.get(delays.size() - 1);
    }
  }

  private final ScriptedCapture capture = new ScriptedCapture();
  private final RecordingScheduler scheduler = new RecordingScheduler();
  private final TableProgress progress = new TableProgress("public.orders");
  private final CaptureMetrics metrics = new CaptureMetrics("test");
  private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();
  private final TableWorker worker = new TableWorker(capture, new CaptureSettings(1000, 300_000_000L, POLL, MAX_POLL,
      100_000L, Duration.ofSeconds(5), SnapshotMode.INITIAL, null, "dsql", "postgres", null, null), scheduler, progress,
      metrics, fatal::set, "capture");

  @AfterEach
  void close() {
    scheduler.shutdownNow();
    metrics.close();
  }

  private void step(StepOutcome outcome) {
    capture.steps.add(outcome);
    worker.run();
  }

  private static SQLException connectionLost() {
    return new SQLTransientConnectionException("connection reset", "08006");
  }

  @Test
  void aFullPageIsFollowedByTheNextStepAtOnce() {
    step(() -> true);
    assertThat(scheduler.last()).isZero();
  }

  @Test
  void aStepWithRowsIsFollowedAPollIntervalAfterItStarted() {
    capture.hadRows = true;
    step(() -> false);
    assertThat(scheduler.last()).isLessThanOrEqualTo(POLL).isGreaterThan(POLL.minusMillis(500));
  }

  @Test
  void idleStepsBackOffByDoublingUpToTheLongestPollInterval() {
    for (int i = 0; i < 6; i++) {
      step(() -> false);
    }
    List<Long> seconds = scheduler.delays.stream().map(d -> Math.round(d.toMillis() / 1000.0)).toList();
    assertThat(seconds).containsExactly(2L, 4L, 8L, 8L, 8L, 8L);
  }

  @Test
  void anIdleTableWakesForItsDueHardDeleteScanRatherThanSleepingTheIdleBackoff() {
    capture.scanDueIn = Optional.of(Duration.ofMillis(300));
    step(() -> false);
    assertThat(scheduler.last()).isLessThanOrEqualTo(Duration.ofMillis(300));
    capture.scanDueIn = Optional.of(Duration.ofMinutes(5));
    step(() -> false);
    assertThat(scheduler.last()).isGreaterThan(Duration.ofSeconds(3)).isLessThanOrEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aLostConnectionIsRetriedQuietlyFiveTimesThenTheTableIsReportedFailed() {
    for (int i = 0; i < 5; i++) {
      step(() -> {
        throw connectionLost();
      });
      assertThat(progress.state()).as("retry %d", i + 1).isNotEqualTo(TableState.Failed);
      assertThat(scheduler.last()).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }
    step(() -> {
      throw connectionLost();
    });
    assertThat(progress.state()).isEqualTo(TableState.Failed);
    assertThat(progress.snapshot().lastError()).contains("public.orders");
    assertThat(metrics.count("dsqlcdc.errors", "table", "public.orders")).isEqualTo(6);
  }

  @Test
  void aSuccessfulStepResetsTheQuietRetries() {
    for (int i = 0; i < 4; i++) {
      step(() -> {
        throw connectionLost();
      });
    }
    step(() -> false);
    for (int i = 0; i < 5; i++) {
      step(() -> {
        throw connectionLost();
      });
    }
    assertThat(progress.state()).isNotEqualTo(TableState.Failed);
  }

  @Test
  void anErrorRaisedWhileAFailureIsHandledKeepsTheTableScheduledAndRebuildsItsState() {
    step(() -> {
      throw new IllegalStateException() {
        @Override
        public String toString() {
          throw new UnsupportedOperationException("a driver exception that cannot describe itself");
        }
      };
    });
    assertThat(scheduler.last()).isEqualTo(Duration.ofSeconds(1));
    step(() -> false);
    assertThat(capture.forgets).isEqualTo(1);
    assertThat(capture.prepares).isEqualTo(2);
    assertThat(fatal.get()).isNull();
  }

  @Test
  void aTableProblemIsReportedAndRetriedWithBackoffFromOneSecondDoubling() {
    step(() -> {
      throw new TableProblemException("table public.orders: column updated_at is gone");
    });
    assertThat(scheduler.last()).isEqualTo(Duration.ofSeconds(1));
    assertThat(progress.state()).isEqualTo(TableState.Failed);
    assertThat(progress.snapshot().lastError()).isEqualTo("table public.orders: column updated_at is gone");
    step(() -> {
      throw new TableProblemException("table public.orders: column updated_at is gone");
    });
    assertThat(scheduler.last()).isEqualTo(Duration.ofSeconds(2));
    assertThat(capture.prepares).as("the schema is read again before each retry").isEqualTo(2);
    assertThat(fatal.get()).isNull();
  }

  @Test
  void anUnexpectedErrorMakesTheTableForgetItsStateOnceNoBatchIsInFlight() {
    capture.inFlight = 1;
    step(() -> {
      throw new IllegalStateException("bug");
    });
    assertThat(progress.state()).isEqualTo(TableState.Failed);
    worker.run();
    assertThat(capture.forgets).as("not while a batch is in flight").isZero();
    assertThat(scheduler.last()).isEqualTo(Duration.ofMillis(100));
    capture.inFlight = 0;
    step(() -> false);
    assertThat(capture.forgets).isEqualTo(1);
    assertThat(capture.prepares).isEqualTo(2);
  }

  @Test
  void aFailedSinkStopsTheRuntimeWithoutRescheduling() {
    SinkFailedException failure = new SinkFailedException("transaction failed", new RuntimeException());
    step(() -> {
      throw failure;
    });
    assertThat(fatal.get()).isSameAs(failure);
    assertThat(scheduler.delays).isEmpty();
  }

  @Test
  void anErrorStopsTheRuntimeLoudlyAndIsShownInStatus() {
    step(() -> {
      throw new OutOfMemoryError("Java heap space");
    });
    assertThat(fatal.get()).hasMessageContaining("Java heap space").hasMessageContaining("the runtime stops");
    assertThat(progress.state()).isEqualTo(TableState.Failed);
    assertThat(scheduler.delays).isEmpty();
  }
}
