package io.dsqlcdc.capture.pipeline;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Writes to the source in rounds on one thread, counting the rounds done; close waits for the round under way. */
final class RoundLoad implements AutoCloseable {
  /** Round {@code n} (0, 1, 2, ...) of writes. */
  interface Round {
    void run(long n) throws Exception;
  }

  /** A daemon thread: a test that fails before closing the load leaves nothing that keeps the JVM up. */
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "round-load");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicLong done = new AtomicLong();
  private final Round round;

  private RoundLoad(Round round) {
    this.round = round;
  }

  /** A round every {@code period}, however long a round takes (up to the period). */
  static RoundLoad every(Duration period, Round round) {
    RoundLoad load = new RoundLoad(round);
    load.executor.scheduleAtFixedRate(load::next, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    return load;
  }

  /** A round, then a {@code pause}, then the next. */
  static RoundLoad pausing(Duration pause, Round round) {
    RoundLoad load = new RoundLoad(round);
    load.executor.scheduleWithFixedDelay(load::next, 0, pause.toNanos(), TimeUnit.NANOSECONDS);
    return load;
  }

  /** Rounds done. */
  long rounds() {
    return done.get();
  }

  private void next() {
    try {
      round.run(done.get());
    } catch (Exception e) {
      throw new IllegalStateException("round " + done.get() + " failed", e);
    }
    done.incrementAndGet();
  }

  @Override
  public void close() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(30, TimeUnit.SECONDS);
  }
}
