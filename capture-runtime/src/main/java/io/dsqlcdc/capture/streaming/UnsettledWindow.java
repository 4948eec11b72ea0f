package io.dsqlcdc.capture.streaming;

import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The row versions accounted for (emitted, or deliberately skipped) whose cursor is not settled yet: each key's
 * latest such cursor, and per fixed-width cursor slice the {@link SliceDigest} of the versions in it, kept up to date
 * as versions come and move, so comparing with the database's digest costs nothing on this side. The settled bound
 * moves in whole slices; versions below it are forgotten.
 */
public final class UnsettledWindow {
  private static final long NONE = Long.MIN_VALUE;

  private static final class Slice {
    long count;
    long sum;
    /** Hashes of the keys recorded here, including keys that have since moved on: settling checks each. */
    final LongArrayList keys = new LongArrayList();
  }

  private final long sliceWidth;
  private final Long2LongOpenHashMap cursorByKey = new Long2LongOpenHashMap();
  private final TreeMap<Long, Slice> slices = new TreeMap<>();
  private long settledBefore;

  public UnsettledWindow(long sliceWidthMicros, long settledBefore) {
    if (sliceWidthMicros <= 0) {
      throw new IllegalArgumentException("slice width must be positive");
    }
    this.sliceWidth = sliceWidthMicros;
    this.settledBefore = settledBefore;
    cursorByKey.defaultReturnValue(NONE);
  }

  public long sliceWidth() {
    return sliceWidth;
  }

  public long settledBefore() {
    return settledBefore;
  }

  public long sliceOf(long cursor) {
    return Math.floorDiv(cursor, sliceWidth);
  }

  /** Versions (keys) held. */
  public int size() {
    return cursorByKey.size();
  }

  /** Whether a version of the key at least as new as {@code cursor} was accounted for and is still held. */
  public boolean accounted(String keyText, long cursor) {
    long held = cursorByKey.get(KeyHash.of(keyText));
    return held != NONE && held >= cursor;
  }

  /** Accounts for a version; versions already settled are not kept. */
  public void record(String keyText, long cursor) {
    if (cursor < settledBefore) {
      return;
    }
    long key = KeyHash.of(keyText);
    long old = cursorByKey.put(key, cursor);
    if (old != NONE) {
      Slice s = slices.get(sliceOf(old));
      if (s != null) {
        s.count--;
        s.sum -= VersionHash.of(old, keyText);
      }
    }
    Slice s = slices.computeIfAbsent(sliceOf(cursor), i -> new Slice());
    s.count++;
    s.sum += VersionHash.of(cursor, keyText);
    s.keys.add(key);
  }

  /**
   * Moves the settled bound forward to the start of the slice holding {@code bound} (never into a slice) and forgets
   * the versions below it.
   */
  public void settle(long bound) {
    long aligned = sliceOf(bound) * sliceWidth;
    if (aligned <= settledBefore) {
      return;
    }
    settledBefore = aligned;
    for (Iterator<Slice> it = slices.headMap(sliceOf(aligned)).values().iterator(); it.hasNext(); ) {
      LongArrayList keys = it.next().keys;
      for (int i = 0; i < keys.size(); i++) {
        long key = keys.getLong(i);
        if (cursorByKey.get(key) < aligned) {
          cursorByKey.remove(key);
        }
      }
      it.remove();
    }
  }

  /** The digest of each non-empty slice from {@code first} to {@code last}, inclusive. */
  public Map<Long, SliceDigest> digests(long first, long last) {
    Map<Long, SliceDigest> out = new HashMap<>();
    for (Map.Entry<Long, Slice> e : slices.subMap(first, true, last, true).entrySet()) {
      if (e.getValue().count > 0) {
        out.put(e.getKey(), new SliceDigest(e.getValue().count, e.getValue().sum));
      }
    }
    return out;
  }
}
