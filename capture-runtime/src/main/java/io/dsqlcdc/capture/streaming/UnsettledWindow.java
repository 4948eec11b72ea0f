package io.dsqlcdc.capture.streaming;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The row versions accounted for (emitted, or deliberately skipped) whose cursor is not settled yet: each key's
 * latest such cursor, grouped into fixed cursor slices so that each slice's digest can be compared with the one
 * the database computes. Versions below {@link #settledBefore()} are forgotten.
 */
public final class UnsettledWindow {
  private record Entry(long cursor, String md5) {
  }

  private static final class Slice {
    final Map<String, Entry> byKey = new HashMap<>();
    SliceDigest cached;
  }

  private final long sliceWidth;
  private final Map<String, Long> cursorByKey = new HashMap<>();
  private final TreeMap<Long, Slice> slices = new TreeMap<>();
  private long settledBefore;

  public UnsettledWindow(long sliceWidthMicros, long settledBefore) {
    if (sliceWidthMicros <= 0) {
      throw new IllegalArgumentException("slice width must be positive");
    }
    this.sliceWidth = sliceWidthMicros;
    this.settledBefore = settledBefore;
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

  public int size() {
    return cursorByKey.size();
  }

  /** The latest accounted cursor of a key, or null when the window holds none. */
  public Long cursorOf(String keyText) {
    return cursorByKey.get(keyText);
  }

  /** Accounts for a version; versions already settled are not kept. */
  public void record(String keyText, long cursor) {
    if (cursor < settledBefore) {
      return;
    }
    Long old = cursorByKey.put(keyText, cursor);
    if (old != null) {
      Slice s = slices.get(sliceOf(old));
      if (s != null) {
        s.byKey.remove(keyText);
        s.cached = null;
        if (s.byKey.isEmpty()) {
          slices.remove(sliceOf(old));
        }
      }
    }
    Slice s = slices.computeIfAbsent(sliceOf(cursor), k -> new Slice());
    s.byKey.put(keyText, new Entry(cursor, Md5.version(cursor, keyText)));
    s.cached = null;
  }

  /** Moves the settled bound forward and forgets versions below it. */
  public void settle(long newSettledBefore) {
    if (newSettledBefore <= settledBefore) {
      return;
    }
    settledBefore = newSettledBefore;
    long firstKept = sliceOf(newSettledBefore);
    for (Iterator<Map.Entry<Long, Slice>> it = slices.headMap(firstKept, true).entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Slice> e = it.next();
      Slice s = e.getValue();
      boolean changed = s.byKey.entrySet().removeIf(k -> {
        if (k.getValue().cursor() < newSettledBefore) {
          cursorByKey.remove(k.getKey());
          return true;
        }
        return false;
      });
      if (changed) {
        s.cached = null;
      }
      if (s.byKey.isEmpty()) {
        it.remove();
      }
    }
  }

  /** Digest per slice of the versions with {@code lo <= cursor <= hi}. */
  public Map<Long, SliceDigest> digests(long lo, long hi) {
    Map<Long, SliceDigest> out = new HashMap<>();
    for (Map.Entry<Long, Slice> e : slices.subMap(sliceOf(lo), true, sliceOf(hi), true).entrySet()) {
      long slice = e.getKey();
      boolean whole = slice * sliceWidth >= lo && (slice + 1) * sliceWidth - 1 <= hi;
      Slice s = e.getValue();
      SliceDigest d;
      if (whole && s.cached != null) {
        d = s.cached;
      } else {
        d = digest(s, lo, hi);
        if (whole) {
          s.cached = d;
        }
      }
      if (d != null) {
        out.put(slice, d);
      }
    }
    return out;
  }

  private static SliceDigest digest(Slice s, long lo, long hi) {
    List<String> md5s = new ArrayList<>(s.byKey.size());
    for (Entry entry : s.byKey.values()) {
      if (entry.cursor() >= lo && entry.cursor() <= hi) {
        md5s.add(entry.md5());
      }
    }
    if (md5s.isEmpty()) {
      return null;
    }
    Collections.sort(md5s);
    return new SliceDigest(md5s.size(), Md5.hex(String.join("", md5s)));
  }
}
