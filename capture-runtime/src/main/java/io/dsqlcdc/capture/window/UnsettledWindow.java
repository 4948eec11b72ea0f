package io.dsqlcdc.capture.window;

import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The row versions accounted for (emitted, or deliberately skipped) whose cursor is not settled yet: each key's
 * latest such cursor, and per fixed-width cursor slice the {@link SliceDigest} of the versions in it, kept up to date
 * as versions come and move, so comparing with the database's digest costs nothing on this side. The settled bound
 * moves in whole slices; versions below it are forgotten.
 *
 * <p>The heap holds at most {@code maxHeldVersions} key cursors (the windows of all tables share a quarter of the heap). Past that, new keys' versions are still counted in
 * their slices but not held: the caller then answers "was this version emitted" from the state store, and passes
 * the key's previous version to {@link #record(String, long, long)} so the slice it leaves is kept exact.
 *
 * <p>A {@linkplain #journaling journaling} window stands in while the real one is rebuilt from the state store in
 * the background: it accounts the versions captured meanwhile as any window does and also keeps them in order, so
 * {@link #replayInto} hands them to the rebuilt window. Its digests cover only those versions, so no sweep compares
 * them with the database until the rebuilt window takes its place.
 */
public final class UnsettledWindow {
  /** No version. */
  public static final long NONE = Long.MIN_VALUE;
  /** Heap a held version costs, with its hash-map entry and its slice's key list. */
  private static final long BYTES_PER_HELD_VERSION = 80;
  private static final long MIN_HELD_VERSIONS = 10_000;

  private static final class Slice {
    long count;
    long sum;
    /** Hashes of the keys recorded here, including keys that have since moved on: settling checks each. */
    final LongArrayList keys = new LongArrayList();
  }

  private final long sliceWidth;
  private final Long2LongOpenHashMap cursorByKey = new Long2LongOpenHashMap();
  private final TreeMap<Long, Slice> slices = new TreeMap<>();
  private final int maxHeldVersions;
  private long settledBefore;
  /** Versions recorded while journaling, in order, with the previous version each one replaced; null otherwise. */
  private final List<String> journalKeys;
  private final LongArrayList journalCursors;
  private final LongArrayList journalPrevious;

  public UnsettledWindow(long sliceWidthMicros, long settledBefore) {
    this(sliceWidthMicros, settledBefore, Integer.MAX_VALUE);
  }

  public UnsettledWindow(long sliceWidthMicros, long settledBefore, int maxHeldVersions) {
    this(sliceWidthMicros, settledBefore, maxHeldVersions, false);
  }

  private UnsettledWindow(long sliceWidthMicros, long settledBefore, int maxHeldVersions, boolean journaling) {
    if (sliceWidthMicros <= 0) {
      throw new IllegalArgumentException("slice width must be positive");
    }
    this.sliceWidth = sliceWidthMicros;
    this.settledBefore = settledBefore;
    this.maxHeldVersions = maxHeldVersions;
    cursorByKey.defaultReturnValue(NONE);
    this.journalKeys = journaling ? new ArrayList<>() : null;
    this.journalCursors = journaling ? new LongArrayList() : null;
    this.journalPrevious = journaling ? new LongArrayList() : null;
  }

  /** A window that also keeps every version it records, to be replayed into the window being rebuilt. */
  public static UnsettledWindow journaling(long sliceWidthMicros, long settledBefore, int maxHeldVersions) {
    return new UnsettledWindow(sliceWidthMicros, settledBefore, maxHeldVersions, true);
  }

  public boolean isJournaling() {
    return journalKeys != null;
  }

  /** Versions journaled so far. */
  public int journalSize() {
    return journalKeys == null ? 0 : journalKeys.size();
  }

  /**
   * Records the journaled versions, in order, into {@code rebuilt} (built from the state as it was when this window
   * started journaling), each with the version it replaced here, so slices the rebuilt window does not hold the key
   * of stay exact.
   */
  public void replayInto(UnsettledWindow rebuilt) {
    if (journalKeys == null) {
      throw new IllegalStateException("this window does not journal");
    }
    for (int i = 0; i < journalKeys.size(); i++) {
      rebuilt.record(journalKeys.get(i), journalCursors.getLong(i), journalPrevious.getLong(i));
    }
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

  /**
   * The versions each of {@code tables} windows holds, so that together they take a quarter of a heap of
   * {@code maxHeapBytes}; at least 10,000.
   */
  public static int heldVersionsFor(long maxHeapBytes, int tables) {
    long share = maxHeapBytes / 4 / BYTES_PER_HELD_VERSION / Math.max(1, tables);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_HELD_VERSIONS, share));
  }

  /** Versions (keys) held. */
  public int size() {
    return cursorByKey.size();
  }

  /** No further key is held: versions of keys not held are counted only. */
  public boolean full() {
    return cursorByKey.size() >= maxHeldVersions;
  }

  public boolean holds(String keyText) {
    return cursorByKey.containsKey(KeyHash.of(keyText));
  }

  /** Whether a version of the key at least as new as {@code cursor} was accounted for and is still held. */
  public boolean accounted(String keyText, long cursor) {
    long held = cursorByKey.get(KeyHash.of(keyText));
    return held != NONE && held >= cursor;
  }

  /** Accounts for a version of a key whose earlier versions, if any, this window holds or never counted. */
  public void record(String keyText, long cursor) {
    record(keyText, cursor, NONE);
  }

  /**
   * Accounts for a version; versions already settled are not kept.
   *
   * @param previousIfNotHeld the key's previous version when the window does not hold the key (from the state
   *                          store), or {@link #NONE}: it leaves its slice
   */
  public void record(String keyText, long cursor, long previousIfNotHeld) {
    if (cursor < settledBefore) {
      return;
    }
    long key = KeyHash.of(keyText);
    long old = cursorByKey.get(key);
    boolean held = old != NONE;
    if (!held) {
      old = previousIfNotHeld;
    }
    if (old == cursor) {
      return;
    }
    if (journalKeys != null) {
      journalKeys.add(keyText);
      journalCursors.add(cursor);
      journalPrevious.add(old);
    }
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
    if (held || cursorByKey.size() < maxHeldVersions) {
      cursorByKey.put(key, cursor);
      s.keys.add(key);
    }
  }

  /**
   * Moves the settled bound forward to the start of the slice holding {@code bound} (never into a slice) and forgets
   * the versions below it.
   */
  public void settle(long bound) {
    if (journalKeys != null) {
      throw new IllegalStateException("a journaling window does not settle: its digests are partial");
    }
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
