package io.dsqlcdc.capture.dispatch;

import io.dsqlcdc.capture.event.ChangeEvent;
import io.dsqlcdc.capture.event.EventFactory;
import io.dsqlcdc.capture.event.SnapshotMarker;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.offsets.TableContext;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.sink.TableBatch;
import io.dsqlcdc.capture.sink.TransactionalWriter;
import io.dsqlcdc.capture.state.EmittedState;
import io.dsqlcdc.capture.state.KeyState;
import io.dsqlcdc.capture.state.StateChange;
import io.dsqlcdc.capture.status.TableProgress;
import io.dsqlcdc.capture.window.UnsettledWindow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one table's row versions into change events and key-state changes, and hands them with the table's offset
 * after them to the transactional writer, as one batch. A streamed version is emitted iff it is newer than the
 * version last accounted for its key: {@code c} for a key consumers do not hold, {@code u} for one they hold,
 * {@code d} (and a tombstone) for a soft delete of one they hold; a soft delete of a key they never saw gives nothing.
 */
public final class EventDispatcher {
  /** An offset that only moved the settled bound is submitted at most this often; the next batch carries it anyway. */
  static final long SETTLE_SUBMIT_INTERVAL_MICROS = 10_000_000L;

  private final String table;
  private final EventFactory events;
  private final TableContext context;
  private final TransactionalWriter writer;
  private final CaptureMetrics metrics;
  private final TableProgress progress;
  private final Runnable checkpointed;
  private final KeyStates keyStates;
  private List<ChangeEvent> pending = new ArrayList<>();

  /**
   * @param checkpointed called on the commit loop after a commit made the state store write a checkpoint
   * @param keyStates    what each key's state records of its emitted version
   */
  public EventDispatcher(String table, EventFactory events, TableContext context, TransactionalWriter writer,
                         CaptureMetrics metrics, TableProgress progress, Runnable checkpointed, KeyStates keyStates) {
    this.keyStates = keyStates;
    this.table = table;
    this.events = events;
    this.context = context;
    this.writer = writer;
    this.metrics = metrics;
    this.progress = progress;
    this.checkpointed = checkpointed;
  }

  /**
   * A live row the snapshot read: an {@code r} event, and the key is held by consumers from now on. In stream mode its
   * high-water is at least the snapshot's start: every version up to it is in the row.
   */
  public void snapshotted(SourceRow row, SnapshotMarker marker, long nowMillis) {
    pending.addAll(events.events(row, ChangeEvent.Op.READ, marker, nowMillis));
    String key = row.keyText();
    if (keyStates == KeyStates.STREAM_HIGH_WATER) {
      long floorNanos = context.offset().snapshot().startMicros() * 1000;
      context.state().stage(key, KeyState.streamed(Math.max(row.cursorMicros() * 1000, floorNanos)));
    } else {
      emitted(row);
    }
    context.window().record(key, row.cursorMicros());
  }

  /**
   * Stream mode: a held key the snapshot did not read, deleted before its start ({@code floorNanos}): {@code d} (the
   * key columns as {@code before}) and a tombstone; the key's high-water moves to the floor.
   */
  public void vanished(SourceRow keyRow, long floorNanos, long nowMillis) {
    pending.addAll(events.hardDeleted(keyRow, null, nowMillis));
    context.state().stage(keyRow.keyText(), KeyState.streamDeleted(floorNanos));
  }

  /**
   * A row version streaming read: emitted unless its key's accounted version is as new, and remembered either way.
   * The key's state is the last word on what was emitted: the window may not hold every key it counts.
   */
  public void changed(SourceRow row, long nowMillis) {
    String key = row.keyText();
    long cursor = row.cursorMicros();
    UnsettledWindow window = context.window();
    if (window.accounted(key, cursor)) {
      return;
    }
    EmittedState state = context.state();
    KeyState last = state.current(key);
    if (last != null && last.cursorMicros() >= cursor) {
      return;
    }
    if (row.deleted()) {
      if (last != null) {
        pending.addAll(events.events(row, ChangeEvent.Op.DELETE, SnapshotMarker.FALSE, nowMillis));
        state.delete(key, cursor);
      }
    } else {
      ChangeEvent.Op op = last != null ? ChangeEvent.Op.UPDATE : ChangeEvent.Op.CREATE;
      pending.addAll(events.events(row, op, SnapshotMarker.FALSE, nowMillis));
      emitted(row);
    }
    window.record(key, cursor, last == null ? UnsettledWindow.NONE : last.cursorMicros());
  }

  private void emitted(SourceRow row) {
    switch (keyStates) {
      case CURSOR -> context.state().emit(row.keyText(), row.cursorMicros());
      case CURSOR_AND_IMAGE -> context.state().emit(row.keyText(), row.cursorMicros(), events.image(row));
      case STREAM_HIGH_WATER -> context.state().stage(row.keyText(), KeyState.streamed(row.cursorMicros() * 1000));
    }
  }

  /**
   * A version from the change stream, handed over in commit order for its key: emitted unless the key's high-water
   * is as new; {@code c} for a key consumers do not hold, {@code u} for one they hold, {@code d} (and a tombstone)
   * for a delete of one they hold. Either way the key's high-water moves to the version, a delete's included, so a
   * duplicate or an older straggler of the key is never emitted after it.
   *
   * @param commitNanos the version's commit time ({@code source.ts_ns})
   * @return whether an event was made
   */
  public boolean streamed(SourceRow row, long commitNanos, long nowMillis) {
    String key = row.keyText();
    KeyState last = context.state().current(key);
    if (last != null && last.streamHighWater() != null && last.streamHighWater() >= commitNanos) {
      return false;
    }
    boolean held = last != null && last.held();
    boolean made = true;
    if (row.deleted()) {
      if (held) {
        pending.addAll(events.events(row, ChangeEvent.Op.DELETE, SnapshotMarker.FALSE, nowMillis));
      } else {
        made = false;
      }
      context.state().stage(key, KeyState.streamDeleted(commitNanos));
    } else {
      pending.addAll(events.events(row, held ? ChangeEvent.Op.UPDATE : ChangeEvent.Op.CREATE, SnapshotMarker.FALSE,
          nowMillis));
      context.state().stage(key, KeyState.streamed(commitNanos));
    }
    return made;
  }

  /**
   * A key the hard-delete scan found gone from the table: {@code d} (before = its last emitted image, or its key
   * columns) and a tombstone, and the key is no longer held. The key's state keeps its last version's cursor, so a
   * later insert of the key, always newer, comes out as {@code c}.
   *
   * @param keyRow the key columns, with the cursor of the scan step that found the key gone
   * @param last   the key's current state
   */
  public void hardDeleted(SourceRow keyRow, KeyState last, long nowMillis) {
    pending.addAll(events.hardDeleted(keyRow, last.rowImage(), nowMillis));
    context.state().delete(keyRow.keyText(), last.cursorMicros());
  }

  /** Events made since the last submit (tombstones included). */
  public int pending() {
    return pending.size();
  }

  /** Submits the pending events, the key states they changed and the offset after them, for one transaction. */
  public void submit(TableOffset next) throws InterruptedException {
    submit(next, context.state().drain());
  }

  /**
   * As {@link #submit}, for a streaming step: an offset that neither carries events nor moves the head is submitted
   * only once its settled bound moved 10 s past the last submitted one; until then the table's offset just advances.
   */
  public void submitStreaming(TableOffset next, boolean headMoved) throws InterruptedException {
    long settledSinceSubmit = next.settledBefore() - context.submitted().settledBefore();
    if (!pending.isEmpty() || headMoved || settledSinceSubmit >= SETTLE_SUBMIT_INTERVAL_MICROS) {
      submit(next);
    } else {
      context.advance(next);
    }
  }

  /** Submits key states built outside the capture (a migration's), with the table's current offset. */
  public void submitState(List<StateChange> changes) throws InterruptedException {
    submit(context.offset(), changes);
  }

  private void submit(TableOffset next, List<StateChange> changes) throws InterruptedException {
    List<ChangeEvent> out = pending;
    pending = new ArrayList<>();
    Map<ChangeEvent.Op, Long> byOp = new EnumMap<>(ChangeEvent.Op.class);
    for (ChangeEvent e : out) {
      byOp.merge(e.op(), 1L, Long::sum);
    }
    long versions = out.size() - byOp.getOrDefault(ChangeEvent.Op.TOMBSTONE, 0L);
    EmittedState state = context.state();
    context.submit(next);
    writer.submit(new TableBatch(table, out, next, state.changelog().topic(), changes, written -> {
      if (state.committed(changes, written, next.settledBefore())) {
        checkpointed.run();
      }
      context.committed(next);
      byOp.forEach((op, n) -> metrics.events(table, op.code() == null ? "tombstone" : op.code(), n));
      metrics.rowsEmitted(table, versions);
      boolean snapshotting = next.snapshotting();
      progress.committed(versions, snapshotting ? null : next.head().cursorMicros(),
          snapshotting ? next.snapshot().rows() : null);
    }));
  }
}
