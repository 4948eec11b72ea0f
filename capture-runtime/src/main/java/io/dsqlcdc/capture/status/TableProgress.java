package io.dsqlcdc.capture.status;

import io.dsqlcdc.api.status.HardDeleteStatus;
import io.dsqlcdc.api.status.StateStoreStatus;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.capture.source.CursorValues;
import io.dsqlcdc.capture.offsets.TableOffset;
import java.time.Duration;
import java.time.Instant;

/** One table's live state, written by its worker and the commit loop, read by /status. */
public final class TableProgress {
  private final String table;
  private volatile TableState state = TableState.Pending;
  private volatile long rowsCaptured;
  private volatile Double lagSeconds;
  private volatile Long snapshotRowsRead;
  private volatile Long committedCursor;
  private volatile String lastError;
  private volatile StateStoreStatus stateStore;
  private volatile String reason;
  private volatile Long schemaVersion;
  private volatile Long schemaChangedAtMicros;
  private volatile String lastSchemaChange;
  private volatile HardDeleteStatus hardDeletes;

  public TableProgress(String table) {
    this.table = table;
  }

  public String table() {
    return table;
  }

  public TableState state() {
    return state;
  }

  public void working(TableState newState) {
    state = newState;
    lastError = null;
    reason = null;
  }

  public void failed(String error) {
    failed(null, error);
  }

  /** @param failureReason one of the api's {@code TableReasons}, or null */
  public void failed(String failureReason, String error) {
    state = TableState.Failed;
    lastError = error;
    reason = failureReason;
  }

  /**
   * The version of the table's shape the events are built under, when it last changed (epoch µs) and how (null
   * when the runtime has seen no change of its own).
   */
  public void schema(long version, long changedAtMicros, String lastChange) {
    schemaVersion = version;
    schemaChangedAtMicros = changedAtMicros;
    if (lastChange != null) {
      lastSchemaChange = lastChange;
    }
  }

  public synchronized void committed(long events, Long cursorMicros, Long snapshotRows) {
    rowsCaptured += events;
    if (cursorMicros != null) {
      committedCursor = cursorMicros;
    }
    snapshotRowsRead = snapshotRows;
  }

  /** Restore progress: the table is {@link TableState#Restoring} until its first step. */
  public synchronized void restoring(long records, double recordsPerSecond, String from) {
    state = TableState.Restoring;
    StateStoreStatus s = stateStore;
    stateStore = new StateStoreStatus(s == null ? null : s.keys(), s == null ? null : s.sizeBytes(), records,
        Math.round(recordsPerSecond * 10) / 10.0, from);
  }

  public synchronized void stateStoreSize(long keys, long sizeBytes) {
    StateStoreStatus s = stateStore;
    stateStore = new StateStoreStatus(keys, sizeBytes, s == null ? null : s.recordsRestored(),
        s == null ? null : s.restoreRecordsPerSecond(), s == null ? null : s.restoredFrom());
  }

  /** The hard-delete scan's progress and counters, as its last step left them. */
  public void hardDeletes(TableOffset.DeleteScan scan) {
    String position = scan.running()
        ? scan.scanKeys() + " keys compared, at key " + (scan.position() == null ? "(start)" : String.join(",", scan.position()))
        : null;
    hardDeletes = new HardDeleteStatus(
        scan.lastCompletedMillis() == null ? null : Instant.ofEpochMilli(scan.lastCompletedMillis()).toString(),
        scan.keysCompared(), scan.rangesReRead(), scan.deletesFound(), position, null, null);
  }

  /** Hard deletes are on but not detected for the table: the reason (one of TableReasons) and what it means. */
  public void hardDeletesUnavailable(String reason, String message) {
    hardDeletes = new HardDeleteStatus(null, null, null, null, null, reason, message);
  }

  public void lag(Duration lag) {
    lagSeconds = lag.toMillis() / 1000.0;
  }

  public TableStatus snapshot() {
    Long cursor = committedCursor;
    Long changedAt = schemaChangedAtMicros;
    return new TableStatus(table, state, rowsCaptured, lagSeconds,
        state == TableState.Snapshotting ? snapshotRowsRead : null,
        cursor == null ? null : CursorValues.toIso(cursor), lastError, stateStore, reason, schemaVersion,
        changedAt == null ? null : CursorValues.toIso(changedAt), lastSchemaChange, hardDeletes);
  }
}
