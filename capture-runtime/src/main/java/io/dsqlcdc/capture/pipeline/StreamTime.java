package io.dsqlcdc.capture.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

/**
 * Stream time: the arrival time up to which every shard being read has been read (per shard, when its last
 * GetRecords was asked less its {@code MillisBehindLatest}), less a margin for records not yet visible to a read
 * when they arrived; it never goes back. The grace window and the fragment timeout count in it, so a record is due
 * only once no shard can still hold an older record of its key that arrived within the window. Until every shard
 * was read once, it stands at the epoch and nothing is due.
 */
final class StreamTime implements InstantSource {
  /**
   * Kinesis makes a record readable shortly after it stamped its arrival; a busy emulator took more than 500 ms
   * (versions lost as stale in StreamModeTest on a loaded machine), so a second.
   */
  static final Duration VISIBILITY_MARGIN = Duration.ofSeconds(1);

  private volatile Instant readUpTo = Instant.EPOCH;

  /** After a round of reading: per shard being read, the arrival time it has been read up to (null: not yet). */
  void readUpTo(Map<String, Instant> shards) {
    Instant least = null;
    for (Instant shard : shards.values()) {
      if (shard == null) {
        return;
      }
      least = least == null || shard.isBefore(least) ? shard : least;
    }
    Instant next = least == null ? Instant.now() : least.minus(VISIBILITY_MARGIN);
    if (next.isAfter(readUpTo)) {
      readUpTo = next;
    }
  }

  @Override
  public Instant instant() {
    return readUpTo;
  }

  /** How far stream time is behind the wall clock. */
  Duration lag() {
    Duration behind = Duration.between(readUpTo, Instant.now());
    return behind.isNegative() ? Duration.ZERO : behind;
  }
}
