package io.dsqlcdc.capture.status;

import io.dsqlcdc.api.status.ConnectionReasons;
import io.dsqlcdc.api.status.ConnectionStatus;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The last known state of a connection, refreshed in the background. Checking a lost database can block for the
 * pool's connection timeout; /status and /readyz must answer at once, so they read the last result instead.
 */
public final class ConnectionProbe implements AutoCloseable {
  private final Supplier<ConnectionStatus> check;
  private final AtomicReference<ConnectionStatus> last;
  private final ScheduledExecutorService timer;

  public ConnectionProbe(String name, Supplier<ConnectionStatus> check, ConnectionStatus initial, Duration interval) {
    this.check = check;
    this.last = new AtomicReference<>(initial);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name + "-probe");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  public ConnectionStatus current() {
    return last.get();
  }

  private void refresh() {
    try {
      last.set(check.get());
    } catch (RuntimeException e) {
      last.set(ConnectionStatus.down(last.get().endpoint(), ConnectionReasons.CHECK_FAILED,
          String.valueOf(e.getMessage())));
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
