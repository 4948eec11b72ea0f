package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.capture.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which captured tables the change stream relay feeds, so that one table not ready (preparing, snapshotting, failed
 * to prepare) or failing (a record it cannot take) does not stop the others. The relay reads in sessions, each from
 * the committed checkpoint; within one, a table is fed from when it joins. A record of a table not fed is pinned, so
 * the checkpoint stays before it. When such a table becomes ready it joins at once if none of its records was
 * pinned; else the relay rewinds: a new session from the checkpoint, in which the other tables' records already
 * emitted drop at their keys' high-water. A table whose record failed leaves its lane until a retry (a rewind) after
 * a backoff. Used by the relay's thread only.
 */
final class RelayLanes {
  private static final Logger LOG = LoggerFactory.getLogger(RelayLanes.class);
  /** After the first table is ready, how long the relay waits for the others before it starts without them. */
  static final Duration START_WAIT = Duration.ofSeconds(10);
  static final Backoff RETRY_BACKOFF = Backoff.doubling(Duration.ofSeconds(30), Duration.ofMinutes(10));

  /** What the relay does with a table's records now. */
  enum Lane {
    /** Not a captured table: skipped. */
    NOT_CAPTURED,
    /** Not handed over by its worker yet, and to start with a snapshot not begun: not needed, dropped. */
    BEFORE_SNAPSHOT,
    /** Not handed over by its worker yet: pinned. */
    WAITING,
    /** Fed. */
    ACTIVE,
    /** One of its records failed in this session: pinned until a retry. */
    FAILED,
    /** Given up (its offset records a stream gap) until a new snapshot: dropped. */
    GAP
  }

  private final Map<String, StreamedTable> tables = new LinkedHashMap<>();
  private final LongSupplier nanoTime;
  private final Set<String> active = new HashSet<>();
  private final Set<String> gapped = new HashSet<>();
  /** Per table with a record pinned in this session, the arrival of its oldest. */
  private final Map<String, Instant> missed = new HashMap<>();
  private final Map<String, Long> retryAtNanos = new HashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private Long firstReadyNanos;

  RelayLanes(List<? extends StreamedTable> tables, LongSupplier nanoTime) {
    tables.forEach(t -> this.tables.put(t.name(), t));
    this.nanoTime = nanoTime;
  }

  /**
   * Whether the first session may start: every table is ready, or one is and {@link #START_WAIT} passed since (a
   * table that takes long, or fails to prepare, joins later).
   */
  boolean readyToStart() {
    long ready = tables.values().stream().filter(StreamedTable::handedOver).count();
    if (ready == tables.size()) {
      return true;
    }
    if (ready == 0) {
      return false;
    }
    if (firstReadyNanos == null) {
      firstReadyNanos = nanoTime.getAsLong();
    }
    return nanoTime.getAsLong() - firstReadyNanos >= START_WAIT.toNanos();
  }

  /**
   * A new session: every ready table is fed, a failed one tried again; a table that went through the last session
   * without failing starts its backoff afresh.
   */
  void startSession() {
    active.forEach(failures::remove);
    missed.clear();
    retryAtNanos.clear();
    active.clear();
    for (StreamedTable table : tables.values()) {
      if (table.handedOver() && !gapped.contains(table.name())) {
        (table.streamGapSinceMillis() == null ? active : gapped).add(table.name());
      }
    }
    List<String> waiting = tables.keySet().stream().filter(t -> !active.contains(t) && !gapped.contains(t)).toList();
    if (!waiting.isEmpty()) {
      LOG.info("the change stream relay feeds {} table(s); not yet: {}", active.size(), waiting);
    }
  }

  Lane lane(String table) {
    if (!tables.containsKey(table)) {
      return Lane.NOT_CAPTURED;
    }
    if (active.contains(table)) {
      return Lane.ACTIVE;
    }
    if (gapped.contains(table)) {
      return Lane.GAP;
    }
    if (retryAtNanos.containsKey(table)) {
      return Lane.FAILED;
    }
    return tables.get(table).snapshotFloorAhead() ? Lane.BEFORE_SNAPSHOT : Lane.WAITING;
  }

  StreamedTable table(String name) {
    return tables.get(name);
  }

  List<StreamedTable> all() {
    return List.copyOf(tables.values());
  }

  /** The tables fed now. */
  List<StreamedTable> active() {
    return tables.values().stream().filter(t -> active.contains(t.name())).toList();
  }

  /** A record of a table not fed, arrived at {@code arrival}, was pinned: the table joins by a rewind. */
  void missed(String table, Instant arrival) {
    missed.merge(table, arrival, (a, b) -> a.isBefore(b) ? a : b);
  }

  /** The failed tables whose oldest pinned record arrived more than {@code maxHold} before {@code now}. */
  List<String> overdue(Instant now, Duration maxHold) {
    Instant limit = now.minus(maxHold);
    return retryAtNanos.keySet().stream().filter(t -> missed.get(t).isBefore(limit)).sorted().toList();
  }

  /** The table is given up until a new snapshot: its records are dropped from the next session on; since when. */
  Instant gaveUp(String table) {
    retryAtNanos.remove(table);
    failures.remove(table);
    gapped.add(table);
    return missed.get(table);
  }

  /**
   * A record of the table, arrived at {@code arrival}, cannot be relayed: it leaves its lane, and is tried again after a
   * backoff; how long.
   */
  Duration failed(String table, Instant arrival) {
    int attempt = failures.merge(table, 1, Integer::sum);
    Duration wait = RETRY_BACKOFF.delay(attempt);
    active.remove(table);
    missed(table, arrival);
    retryAtNanos.put(table, nanoTime.getAsLong() + wait.toNanos());
    return wait;
  }

  /**
   * After a round: a table ready since that missed none of its records joins now; whether the relay should rewind,
   * for a ready table that missed records or a failed one due for a retry.
   */
  boolean joinOrRewind() {
    boolean rewind = false;
    long now = nanoTime.getAsLong();
    for (StreamedTable table : tables.values()) {
      String name = table.name();
      Long retryAt = retryAtNanos.get(name);
      if (retryAt != null) {
        rewind |= now - retryAt >= 0;
      } else if (!active.contains(name) && !gapped.contains(name) && table.handedOver()) {
        if (table.streamGapSinceMillis() != null) {
          gapped.add(name);
          rewind |= missed.containsKey(name);
        } else if (missed.containsKey(name)) {
          rewind = true;
        } else {
          active.add(name);
          LOG.info("table {} joins the change stream relay", name);
        }
      }
    }
    return rewind;
  }
}
