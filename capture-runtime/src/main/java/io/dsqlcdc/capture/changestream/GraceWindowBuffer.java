package io.dsqlcdc.capture.changestream;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Per-key order and dedupe of the change stream. A key's version is its commit time {@code ts_ns}: DSQL compacts a
 * transaction's writes to one record per key, and two transactions cannot commit the same key at the same instant,
 * so the same key with the same ts_ns is the same version.
 *
 * <p>Each offered record is dropped when its ts_ns is at or below the key's high-water (the last version emitted:
 * the caller's {@link HighWater}, or what this buffer released lately) or equal to a held one; equal counts as a
 * duplicate, below as stale. Otherwise it is held for the grace window from its arrival. When a held record is due,
 * it is released together with every held record of its key with a lower ts_ns, in ts_ns order, and the key's
 * high-water rises to it. So versions arriving out of order within the window come out in order, and a straggler
 * arriving after a newer version of its key was released is dropped, never emitted out of order.
 *
 * <p>The clock says when a record is due: with Kinesis' arrival times, a clock of stream time (the arrival time up
 * to which every shard has been read), so a backlog read unevenly is ordered as it would have been live.
 *
 * <p>Bounded: at most {@code maxHeld} records are held. When the buffer is {@link #full()}, offering is an error: the
 * caller releases first, and a full buffer releases its earliest-due records before they are due, as many as bring
 * it under the limit (a later straggler of their keys is then stale), rather than stop the relay. Not thread safe:
 * one relay thread owns it.
 *
 * @param <T> what the caller keeps with a record (the converted row, the Kinesis records it came in)
 */
public final class GraceWindowBuffer<T> {
  /** The last emitted version of a key, as the caller's key state holds it. */
  @FunctionalInterface
  public interface HighWater {
    /** The ts_ns of the key's last emitted version, or null when none was emitted. */
    Long lastEmitted(String table, String key);
  }

  /** What became of an offered record. */
  public enum Admission {
    /** Held until due. */
    HELD,
    /** The same version was emitted or is held already: dropped. */
    DUPLICATE,
    /** Older than the key's last emitted version: dropped. */
    STALE
  }

  /** A released record: emit it (in the order released). */
  public record Released<T>(String table, String key, long tsNs, String txId, T item) {
  }

  private record KeyId(String table, String key) {
  }

  private final class Held {
    final KeyId id;
    final long tsNs;
    final String txId;
    final Instant due;
    final long order;
    final T item;
    boolean released;

    Held(KeyId id, long tsNs, String txId, Instant due, long order, T item) {
      this.id = id;
      this.tsNs = tsNs;
      this.txId = txId;
      this.due = due;
      this.order = order;
      this.item = item;
    }
  }

  private record ReleaseMark(KeyId id, long tsNs, Instant at) {
  }

  private final Duration grace;
  private final Duration rememberReleased;
  private final int maxHeld;
  private final InstantSource clock;
  private final Map<KeyId, TreeMap<Long, Held>> heldByKey = new HashMap<>();
  private final PriorityQueue<Held> dueOrder =
      new PriorityQueue<>(Comparator.<Held, Instant>comparing(h -> h.due).thenComparingLong(h -> h.order));
  private final Map<KeyId, Long> releasedHighWater = new HashMap<>();
  private final ArrayDeque<ReleaseMark> releaseMarks = new ArrayDeque<>();
  private long offered;
  private int held;
  private long duplicates;
  private long stale;

  /**
   * @param grace            how long a record is held from its arrival (default 2 s)
   * @param rememberReleased how long this buffer itself remembers a released version as its key's high-water; after
   *                         that the caller's {@link HighWater} must know it (the caller's key state takes the
   *                         released versions as it emits them)
   * @param maxHeld          the most records held at once
   */
  public GraceWindowBuffer(Duration grace, Duration rememberReleased, int maxHeld, InstantSource clock) {
    this.grace = grace;
    this.rememberReleased = rememberReleased;
    this.maxHeld = maxHeld;
    this.clock = clock;
  }

  /**
   * Offers one record of a key.
   *
   * @param arrival when the record arrived (its last piece, for a reassembled one)
   * @throws IllegalStateException when the buffer is {@link #full()}
   */
  public Admission offer(String table, String key, long tsNs, String txId, Instant arrival, T item,
                         HighWater highWater) {
    if (full()) {
      throw new IllegalStateException("the grace window buffer holds " + held + " records, its limit: release "
          + "due records before offering more");
    }
    KeyId id = new KeyId(table, key);
    Long emitted = highWater(id, highWater);
    if (emitted != null && tsNs <= emitted) {
      return drop(tsNs == emitted ? Admission.DUPLICATE : Admission.STALE);
    }
    TreeMap<Long, Held> versions = heldByKey.computeIfAbsent(id, k -> new TreeMap<>());
    if (versions.containsKey(tsNs)) {
      return drop(Admission.DUPLICATE);
    }
    Held record = new Held(id, tsNs, txId, arrival.plus(grace), offered++, item);
    versions.put(tsNs, record);
    dueOrder.add(record);
    held++;
    return Admission.HELD;
  }

  private Long highWater(KeyId id, HighWater callers) {
    Long own = releasedHighWater.get(id);
    Long theirs = callers.lastEmitted(id.table(), id.key());
    if (own == null) {
      return theirs;
    }
    return theirs == null ? own : Math.max(own, theirs);
  }

  private Admission drop(Admission why) {
    if (why == Admission.DUPLICATE) {
      duplicates++;
    } else {
      stale++;
    }
    return why;
  }

  /**
   * Releases every record due now (and, when the buffer is full, the earliest-due ones until it is not), each with
   * the held records of its key that have a lower ts_ns, in ts_ns order per key (keys in the order their records
   * fell due).
   */
  public List<Released<T>> releaseDue() {
    Instant now = clock.instant();
    forgetOldReleases(now);
    List<Released<T>> out = new ArrayList<>();
    while (!dueOrder.isEmpty() && (!dueOrder.peek().due.isAfter(now) || full())) {
      Held due = dueOrder.poll();
      if (due.released) {
        continue;
      }
      TreeMap<Long, Held> versions = heldByKey.get(due.id);
      NavigableMap<Long, Held> upTo = versions.headMap(due.tsNs, true);
      for (Held h : upTo.values()) {
        h.released = true;
        held--;
        out.add(new Released<>(h.id.table(), h.id.key(), h.tsNs, h.txId, h.item));
      }
      upTo.clear();
      if (versions.isEmpty()) {
        heldByKey.remove(due.id);
      }
      releasedHighWater.put(due.id, due.tsNs);
      releaseMarks.add(new ReleaseMark(due.id, due.tsNs, now));
    }
    return out;
  }

  private void forgetOldReleases(Instant now) {
    Instant horizon = now.minus(rememberReleased);
    while (!releaseMarks.isEmpty() && releaseMarks.peek().at().isBefore(horizon)) {
      ReleaseMark mark = releaseMarks.poll();
      releasedHighWater.remove(mark.id(), mark.tsNs());
    }
  }

  /** When the next held record falls due, or null when none is held: how long the caller may wait. */
  public Instant nextDue() {
    while (!dueOrder.isEmpty() && dueOrder.peek().released) {
      dueOrder.poll();
    }
    return dueOrder.isEmpty() ? null : dueOrder.peek().due;
  }

  /** The buffer holds its limit: release before offering more. */
  public boolean full() {
    return held >= maxHeld;
  }

  public int held() {
    return held;
  }

  /** Records dropped because the same version was emitted or held already. */
  public long duplicates() {
    return duplicates;
  }

  /** Records dropped because a newer version of their key was emitted already. */
  public long stale() {
    return stale;
  }
}
