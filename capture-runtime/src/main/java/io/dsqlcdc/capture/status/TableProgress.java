package io.dsqlcdc.capture.status;

import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.capture.source.CursorValues;
import java.time.Duration;

/** One table's live state, written by its worker and the commit loop, read by /status. */
public final class TableProgress {
  private final String table;
  private volatile TableState state = TableState.Pending;
  private volatile long rowsCaptured;
  private volatile Double lagSeconds;
  private volatile Long snapshotRowsRead;
  private volatile Long committedCursor;
  private volatile String lastError;

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
  }

  public void failed(String error) {
    state = TableState.Failed;
    lastError = error;
  }

  public synchronized void committed(long events, Long cursorMicros, Long snapshotRows) {
    rowsCaptured += events;
    if (cursorMicros != null) {
      committedCursor = cursorMicros;
    }
    snapshotRowsRead = snapshotRows;
  }

  public void lag(Duration lag) {
    lagSeconds = lag.toMillis() / 1000.0;
  }

  public TableStatus snapshot() {
    Long cursor = committedCursor;
    return new TableStatus(table, state, rowsCaptured, lagSeconds,
        state == TableState.Snapshotting ? snapshotRowsRead : null,
        cursor == null ? null : CursorValues.toIso(cursor), lastError);
  }
}
