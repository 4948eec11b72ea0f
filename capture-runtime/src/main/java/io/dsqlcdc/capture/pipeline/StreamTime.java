package io.dsqlcdc.capture.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

/**
 * Stream time: the arrival time up to which every shard being read has been read (per shard, when its last
 * GetRecords was asked less its {@code MillisBehindLatest}), less the delay with which records become readable after
 * they arrived (the reader's {@code VisibilityDelay}); it never goes back. The grace window and the fragment timeout
 * count in it, so a record is due only once no shard can still hold an older record of its key that arrived within
 * the window. Until every shard
 * was read once, it stands at the epoch and nothing is due.
 */
final class StreamTime implements InstantSource {
  private volatile Instant readUpTo = Instant.EPOCH;

  /**
   * After a round of reading: per shard being read, the arrival time it has been read up to (null: not yet), and
   * how long after their arrival records may still be invisible to a read.
   */
  void readUpTo(Map<String, Instant> shards, Duration visibilityDelay) {
    Instant least = null;
    for (Instant shard : shards.values()) {
      if (shard == null) {
        return;
      }
      least = least == null || shard.isBefore(least) ? shard : least;
    }
    Instant next = least == null ? Instant.now() : least.minus(visibilityDelay);
    if (next.isAfter(readUpTo)) {
      readUpTo = next;
    }
  }

  @Override
  public Instant instant() {
    return readUpTo;
  }

  /** Every shard was read once: stream time moved off the epoch. */
  boolean started() {
    return readUpTo.isAfter(Instant.EPOCH);
  }
}
