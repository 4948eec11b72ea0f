package io.dsqlcdc.bench.kafka;

import java.util.Arrays;

/** Latency samples in nanoseconds; percentiles by sorting at the end (a run holds at most a few hundred thousand). */
public final class LatencyRecorder {
  private long[] samples = new long[1 << 16];
  private int size;

  public synchronized void record(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  public synchronized int count() {
    return size;
  }

  /** The {@code quantile} (0..1) in milliseconds, nearest-rank; NaN without samples. */
  public synchronized double millis(double quantile) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(quantile * size) - 1;
    return sorted[Math.max(0, Math.min(size - 1, rank))] / 1e6;
  }
}
