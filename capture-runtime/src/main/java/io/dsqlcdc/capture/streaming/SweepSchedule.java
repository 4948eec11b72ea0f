package io.dsqlcdc.capture.streaming;

import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.window.UnsettledWindow;
import java.time.Duration;

/**
 * Which slices of the unsettled window a streaming step compares with the database: the next share of a round that
 * covers every slice from the settled bound to the head once per sweep period. A round ends with the share that
 * reaches the newest slice; the next starts again at the oldest, so slices the head added meanwhile wait a round.
 */
final class SweepSchedule {
  private static final long NEVER = Long.MIN_VALUE;

  private final long periodNanos;
  private long lastSweepNanos = NEVER;
  private long nextSlice = NEVER;

  /**
   * The slices one step compares; none when {@code first > last}.
   *
   * @param fromOldest the share starts at the window's oldest slice: once it agrees, the settled bound may move
   * @param toNewest   the share reaches the newest slice: the round is over
   */
  record Sweep(long first, long last, boolean fromOldest, boolean toNewest) {
    boolean isEmpty() {
      return first > last;
    }
  }

  SweepSchedule(Duration period) {
    this.periodNanos = period.toNanos();
  }

  /** Once the head caught up every step sweeps; while it catches up, the next page comes first for a whole period. */
  boolean due(long startedNanos, boolean caughtUp) {
    return caughtUp || lastSweepNanos == NEVER || startedNanos - lastSweepNanos >= periodNanos;
  }

  /**
   * This step's share, in proportion to the time since the last sweep. The head's own slice waits while the head is
   * catching up, since more versions at the head's cursor may still follow on the next page.
   *
   * @param caughtUp the head page was not full: every row after the head was read in that snapshot
   */
  Sweep next(UnsettledWindow window, TableOffset.Head head, long startedNanos, boolean caughtUp) {
    long oldest = window.sliceOf(window.settledBefore());
    long newest = caughtUp ? window.sliceOf(head.accountedUpTo()) : window.sliceOf(head.cursorMicros()) - 1;
    if (oldest > newest || head.accountedUpTo() < window.settledBefore()) {
      return new Sweep(oldest, oldest - 1, true, true);
    }
    long first = nextSlice < oldest || nextSlice > newest ? oldest : nextSlice;
    long elapsed = lastSweepNanos == NEVER ? periodNanos : Math.min(periodNanos, startedNanos - lastSweepNanos);
    long share = Math.max(1, (long) Math.ceil((double) (newest - oldest + 1) * elapsed / periodNanos));
    long last = Math.min(newest, first + share - 1);
    return new Sweep(first, last, first == oldest, last == newest);
  }

  /** The step compared {@code sweep}'s slices. */
  void swept(Sweep sweep, long startedNanos) {
    lastSweepNanos = startedNanos;
    nextSlice = sweep.toNewest() ? NEVER : sweep.last() + 1;
  }
}
