package io.dsqlcdc.capture.offsets;

import io.dsqlcdc.capture.state.EmittedState;
import io.dsqlcdc.capture.window.UnsettledWindow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where one table stands and what it has emitted: its offset (as the capture moved it, as last submitted to the
 * writer, and as last committed), its key states ({@link EmittedState}, the store plus the changes of batches not
 * committed yet) and its unsettled window. Built when the table restores its state; read and moved by the capture
 * thread, except {@link #committed(TableOffset)}, which the commit loop calls.
 */
public final class TableContext {
  private final EmittedState state;
  private UnsettledWindow window;
  private final AtomicInteger inFlight = new AtomicInteger();
  private TableOffset offset;
  private TableOffset submitted;
  private volatile TableOffset committed;

  /**
   * @param start     where the capture starts
   * @param committed the offset Kafka holds for the table, null when it has none
   * @param window    the unsettled window from {@code start}'s settled bound on: a journaling one until the window
   *                  rebuilt from the state store replaces it
   */
  public TableContext(TableOffset start, TableOffset committed, EmittedState state, UnsettledWindow window) {
    this.offset = start;
    this.submitted = start;
    this.committed = committed;
    this.state = state;
    this.window = window;
  }

  public TableOffset offset() {
    return offset;
  }

  /** The newest offset handed to the writer. */
  public TableOffset submitted() {
    return submitted;
  }

  /** The newest offset Kafka committed; null before the table's first commit. */
  public TableOffset committed() {
    return committed;
  }

  public EmittedState state() {
    return state;
  }

  public UnsettledWindow window() {
    return window;
  }

  /** The window rebuilt from the state store takes the place of the one that journaled meanwhile. */
  public void replaceWindow(UnsettledWindow rebuilt) {
    window = rebuilt;
  }

  /** The capture moved on without submitting (a settled bound only the next batch carries). */
  public void advance(TableOffset next) {
    offset = next;
  }

  /** A batch ending at {@code next} was handed to the writer. */
  public void submit(TableOffset next) {
    offset = next;
    submitted = next;
    inFlight.incrementAndGet();
  }

  /** The batch ending at {@code next} committed. */
  public void committed(TableOffset next) {
    committed = next;
    inFlight.decrementAndGet();
  }

  /** Batches submitted but not committed yet. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Records in the store's checkpoint how far into the changelog it is, up to the committed settled bound. */
  public void checkpoint() {
    TableOffset last = committed;
    if (last != null) {
      state.checkpoint(last.settledBefore());
    }
  }
}
