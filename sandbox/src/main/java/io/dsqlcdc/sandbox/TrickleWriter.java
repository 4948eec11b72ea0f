package io.dsqlcdc.sandbox;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A steady trickle of demo writes, one round per period, so there is something to capture. */
final class TrickleWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrickleWriter.class);

  private final DemoWrites writes;
  private final AtomicLong rounds = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "trickle-writer");
    t.setDaemon(true);
    return t;
  });

  TrickleWriter(DemoWrites writes) {
    this.writes = writes;
  }

  void start(long periodMillis) {
    timer.scheduleWithFixedDelay(this::tick, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      writes.round(rounds.incrementAndGet());
    } catch (Exception e) {
      LOG.warn("demo writer: {}", e.getMessage());
    }
  }

  /** Stops the rounds, waiting for one under way, then closes the writes. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writes.close();
  }
}
