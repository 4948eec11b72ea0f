package io.dsqlcdc.capture.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff, the one policy of every retry loop of the runtime (and of idle polling): the n-th wait is
 * {@code base · 2^(n-1)}, at most {@code cap}; with {@code fullJitter}, a uniform random share of that, so that many
 * clients failing together do not retry in step.
 */
public record Backoff(Duration base, Duration cap, boolean fullJitter) {

  public Backoff {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= cap, got base " + base + ", cap " + cap);
    }
  }

  /** Doubling from {@code base} up to {@code cap}, no jitter. */
  public static Backoff doubling(Duration base, Duration cap) {
    return new Backoff(base, cap, false);
  }

  /** Doubling from {@code base} up to {@code cap}, each wait uniform in [0, that]. */
  public static Backoff withFullJitter(Duration base, Duration cap) {
    return new Backoff(base, cap, true);
  }

  /** The wait before retry {@code attempt}, counted from 1. */
  public Duration delay(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1, got " + attempt);
    }
    long baseNanos = base.toNanos();
    int doublings = Math.min(attempt - 1, Long.numberOfLeadingZeros(baseNanos) - 1);
    long ceiling = Math.min(cap.toNanos(), baseNanos << doublings);
    return Duration.ofNanos(fullJitter ? ThreadLocalRandom.current().nextLong(ceiling + 1) : ceiling);
  }
}
