package io.dsqlcdc.capture.offsets;

import java.util.List;

/**
 * A table's committed capture position, written in the same Kafka transaction as the events it accounts for
 * ({@link OffsetCodec} gives its JSON on the offsets topic).
 *
 * @param phase             what the table is doing: taking its snapshot, or streaming
 * @param head              where the head scan stands; while snapshotting, where streaming will start
 * @param settledBefore     every row version with a cursor below this has been accounted for; versions at or above
 *                          it are compared with the database again by the window sweep
 * @param snapshotRequestId id of the last spec.snapshotRequest carried out for this table, so it runs once; null
 *                          when none was
 * @param stateInChangelog  the table's key states live in its changelog topic; false in offsets written by runtimes
 *                          before the state store, whose state is then built once from the event topic
 * @param schema            the table's shape the events up to this offset were built under; null in offsets of
 *                          runtimes before schema versions, and until the table's first step
 * @param deleteScan        the hard-delete scan's progress and counters; null before the table's first scan
 */
public record TableOffset(Phase phase, Head head, long settledBefore, String snapshotRequestId,
                          boolean stateInChangelog, SchemaRecord schema, DeleteScan deleteScan) {

  public TableOffset(Phase phase, Head head, long settledBefore, String snapshotRequestId, boolean stateInChangelog) {
    this(phase, head, settledBefore, snapshotRequestId, stateInChangelog, null, null);
  }

  /**
   * The version of a table's shape, kept in its offset so it survives restarts.
   *
   * @param version         1 when the table was first captured, one more at each change of its columns or key
   * @param fingerprint     the shape's {@code TableSchema.fingerprint()}, to tell a change made while stopped
   * @param changedAtMicros when the runtime saw the shape change (epoch µs)
   * @param key             the key columns the events and key states are built with
   */
  public record SchemaRecord(long version, String fingerprint, long changedAtMicros, List<String> key) {
    public SchemaRecord {
      key = List.copyOf(key);
    }

    /** The next version, for a shape with {@code fingerprint} seen at {@code nowMicros}. */
    public SchemaRecord next(String nextFingerprint, long nowMicros, List<String> nextKey) {
      return new SchemaRecord(version + 1, nextFingerprint, nowMicros, nextKey);
    }
  }

  /**
   * The hard-delete scan, committed with the deletes it emitted so that it resumes where it stopped.
   *
   * @param running           a scan is under way
   * @param position          key (column texts) of the last key the running scan passed; null at its start
   * @param startedMillis     when the running (or, when none runs, the last) scan started
   * @param lastCompletedMillis when the last complete scan finished; null before the first
   * @param scanKeys          keys compared by the running (or the last) scan so far
   * @param keysCompared      keys compared by every scan so far
   * @param rangesReRead      key ranges whose digest differed, compared again split or by key list
   * @param deletesFound      hard deletes emitted
   */
  public record DeleteScan(boolean running, List<String> position, long startedMillis, Long lastCompletedMillis,
                           long scanKeys, long keysCompared, long rangesReRead, long deletesFound) {
    public DeleteScan {
      position = position == null ? null : List.copyOf(position);
    }

    /** A new scan from the table's first key. */
    public DeleteScan start(long nowMillis) {
      return new DeleteScan(true, null, nowMillis, lastCompletedMillis, 0, keysCompared, rangesReRead, deletesFound);
    }

    /** One step of the running scan passed {@code passed} (null: the scan is complete, at {@code nowMillis}). */
    public DeleteScan step(List<String> passed, long keys, long reRead, long deletes, long nowMillis) {
      boolean done = passed == null;
      return new DeleteScan(!done, passed, startedMillis, done ? Long.valueOf(nowMillis) : lastCompletedMillis,
          scanKeys + keys, keysCompared + keys, rangesReRead + reRead, deletesFound + deletes);
    }

    public static DeleteScan never() {
      return new DeleteScan(false, null, 0, null, 0, 0, 0, 0);
    }
  }

  /** What a table is doing. */
  public sealed interface Phase permits Snapshotting, Streaming {
  }

  /**
   * The snapshot runs.
   *
   * @param startMicros database time (epoch µs) when the snapshot began
   * @param lastKey     key (column texts) of the last snapshotted row, null before the first chunk
   * @param rows        rows snapshotted so far
   */
  public record Snapshotting(long startMicros, List<String> lastKey, long rows) implements Phase {
  }

  /**
   * The head scan and the window sweep run (in stream mode: the change stream relay feeds the table).
   *
   * @param lastSnapshotStartMicros when the table's last snapshot began, null when it never took one
   * @param lastSnapshotRows        rows that snapshot read
   * @param streamGapSinceMillis    stream mode: the table's change stream records from this arrival time (epoch ms)
   *                                on were given up, so that the other tables stay within the stream's retention;
   *                                the table relays nothing until a new snapshot. Null when none was
   */
  public record Streaming(Long lastSnapshotStartMicros, long lastSnapshotRows, Long streamGapSinceMillis)
      implements Phase {
    public Streaming(Long lastSnapshotStartMicros, long lastSnapshotRows) {
      this(lastSnapshotStartMicros, lastSnapshotRows, null);
    }
  }

  /**
   * A position of the head scan, which reads rows in (cursor, key) order.
   *
   * @param cursorMicros cursor (epoch µs) of the last row the head scan passed
   * @param key          key of that row; null when the head is a bare cursor bound, which reads that cursor next
   */
  public record Head(long cursorMicros, List<String> key) {
    /** The newest cursor whose versions the head has read. */
    public long accountedUpTo() {
      return key == null ? cursorMicros - 1 : cursorMicros;
    }
  }

  /** A snapshot from now on; streaming will start from its start minus the lateness bound. */
  public static TableOffset startSnapshot(long dbNowMicros, long latenessMicros, String snapshotRequestId) {
    long from = dbNowMicros - latenessMicros;
    return new TableOffset(new Snapshotting(dbNowMicros, null, 0), new Head(from, null), from, snapshotRequestId,
        true);
  }

  /** Streaming from a cursor bound, inclusive: {@code snapshot: never}. */
  public static TableOffset streamFrom(long cursorMicros) {
    return new TableOffset(new Streaming(null, 0), new Head(cursorMicros, null), cursorMicros, null, true);
  }

  public boolean snapshotting() {
    return phase instanceof Snapshotting;
  }

  /** The running snapshot's progress; only while {@link #snapshotting()}. */
  public Snapshotting snapshot() {
    if (phase instanceof Snapshotting s) {
      return s;
    }
    throw new IllegalStateException("the table is streaming, not snapshotting");
  }

  /**
   * Snapshots the table again for a snapshot request. Streaming resumes where it was, or earlier when the new
   * snapshot's start minus the lateness bound lies before it, so no version between the two is skipped.
   */
  public TableOffset resnapshot(long dbNowMicros, long latenessMicros, String requestId) {
    long from = dbNowMicros - latenessMicros;
    Head resume = head.cursorMicros() <= from ? head : new Head(from, null);
    return new TableOffset(new Snapshotting(dbNowMicros, null, 0), resume, Math.min(settledBefore, from), requestId,
        stateInChangelog, schema, deleteScan);
  }

  /** One more chunk snapshotted, up to and including the row with key {@code lastKey}. */
  public TableOffset snapshotChunk(List<String> lastKey, long rows) {
    Snapshotting s = snapshot();
    return withPhase(new Snapshotting(s.startMicros(), lastKey, s.rows() + rows));
  }

  /** The snapshot finished: stream from its start minus the lateness bound, which the head already holds. */
  public TableOffset snapshotDone() {
    Snapshotting s = snapshot();
    return withPhase(new Streaming(s.startMicros(), s.rows()));
  }

  /** Streaming moved on: the head to {@code next}, the settled bound to {@code settled}. */
  public TableOffset streaming(Head next, long settled) {
    if (snapshotting()) {
      throw new IllegalStateException("the table is snapshotting, not streaming");
    }
    return new TableOffset(phase, next, settled, snapshotRequestId, stateInChangelog, schema, deleteScan);
  }

  /** Stream mode: the table's records from {@code sinceMillis} on were given up; a new snapshot clears it. */
  public TableOffset withStreamGap(long sinceMillis) {
    if (!(phase instanceof Streaming s)) {
      throw new IllegalStateException("the table is snapshotting, not streaming");
    }
    return withPhase(new Streaming(s.lastSnapshotStartMicros(), s.lastSnapshotRows(), sinceMillis));
  }

  /** When the table's change stream records were given up from (epoch ms), or null. */
  public Long streamGapSinceMillis() {
    return phase instanceof Streaming s ? s.streamGapSinceMillis() : null;
  }

  /** The table's state was migrated into its changelog: never built from the event topic again. */
  public TableOffset withStateInChangelog() {
    return new TableOffset(phase, head, settledBefore, snapshotRequestId, true, schema, deleteScan);
  }

  /** The events from here on are built under {@code next}. */
  public TableOffset withSchema(SchemaRecord next) {
    return new TableOffset(phase, head, settledBefore, snapshotRequestId, stateInChangelog, next, deleteScan);
  }

  private TableOffset withPhase(Phase next) {
    return new TableOffset(next, head, settledBefore, snapshotRequestId, stateInChangelog, schema, deleteScan);
  }

  /** The hard-delete scan moved on. */
  public TableOffset withDeleteScan(DeleteScan scan) {
    return new TableOffset(phase, head, settledBefore, snapshotRequestId, stateInChangelog, schema, scan);
  }
}
