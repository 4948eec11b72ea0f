package io.dsqlcdc.bench.data;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes at a fixed rate: hands the writer whatever rows are due since the start (at most a batch at a time) until
 * the duration ends, so the offered rate holds steady instead of arriving in bursts.
 */
final class PacedWriter {
  /** Writes {@code rows} rows; returns once they are committed (and, for a stream, put). */
  interface Batch {
    void write(int rows) throws Exception;
  }

  private PacedWriter() {
  }

  /** Returns the rows written. */
  static long run(double rowsPerSecond, long startNanos, Duration duration, int maxBatch, Batch batch)
      throws Exception {
    long end = startNanos + duration.toNanos();
    long done = 0;
    for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
      long due = (long) (rowsPerSecond * (now - startNanos) / 1e9) - done;
      if (due <= 0) {
        LockSupport.parkNanos(500_000);
        continue;
      }
      int n = (int) Math.min(due, maxBatch);
      batch.write(n);
      done += n;
    }
    return done;
  }
}
