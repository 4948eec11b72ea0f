package io.dsqlcdc.bench.data;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Hands out row ids (unique across the tables of one load) and remembers when each row's transaction committed, as
 * {@link System#nanoTime()} right after the commit returned, for commit-to-visible latency.
 */
public final class CommitLog {
  private final AtomicLong lastId = new AtomicLong();
  private final AtomicLongArray commitNanos;

  public CommitLog(int capacity) {
    commitNanos = new AtomicLongArray(capacity + 1);
  }

  /** Reserves {@code n} consecutive ids and returns the first. */
  public long reserve(int n) {
    return lastId.getAndAdd(n) + 1;
  }

  public void committed(long firstId, int n, long nanos) {
    for (long id = firstId; id < firstId + n && id < commitNanos.length(); id++) {
      commitNanos.set((int) id, nanos);
    }
  }

  /** When row {@code id} committed, or 0 when unknown (not committed, or beyond capacity). */
  public long commitNanos(long id) {
    return id > 0 && id < commitNanos.length() ? commitNanos.get((int) id) : 0;
  }

  /** Ids handed out so far; ids of rolled-back transactions are never reused but never arrive either. */
  public long reserved() {
    return lastId.get();
  }
}
