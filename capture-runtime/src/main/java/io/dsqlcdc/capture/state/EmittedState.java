package io.dsqlcdc.capture.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A table's key states as the capture sees them: the store holds what Kafka committed; changes of batches not
 * committed yet are held here, on top of it, and reach the store only once their transaction committed (a failed
 * transaction therefore leaves the store untouched). Changes are staged by the capture thread and applied by the
 * commit thread; the store is checkpointed at most every {@code checkpointInterval}.
 */
public final class EmittedState {
  private final KeyStateStore store;
  private final Changelog changelog;
  private final long checkpointIntervalNanos;
  private final Map<String, StateChange> pending = new ConcurrentHashMap<>();
  private List<StateChange> staged = new ArrayList<>();
  private final Map<Integer, Long> positions;
  private long lastCheckpointNanos;

  /** @param restoredTo the changelog positions the store holds after its restore */
  public EmittedState(KeyStateStore store, Changelog changelog, Checkpoint restoredTo, Duration checkpointInterval) {
    this.store = store;
    this.changelog = changelog;
    this.checkpointIntervalNanos = checkpointInterval.toNanos();
    this.positions = new HashMap<>(restoredTo.positions());
    this.lastCheckpointNanos = System.nanoTime();
  }

  /** The committed key states (batches not committed yet are not in it). */
  public KeyStateStore store() {
    return store;
  }

  public Changelog changelog() {
    return changelog;
  }

  /**
   * The key's state as consumers hold it, counting batches not committed yet: null when the key was never emitted or
   * deleted since.
   */
  public KeyState current(String keyText) {
    StateChange p = pending.get(keyText);
    return p != null ? p.state() : store.get(keyText);
  }

  public void emit(String keyText, long cursorMicros) {
    stage(StateChange.emitted(keyText, cursorMicros));
  }

  /** As {@link #emit(String, long)}, keeping the emitted row image (the {@code before} of a later hard delete). */
  public void emit(String keyText, long cursorMicros, byte[] rowImage) {
    stage(new StateChange(keyText, cursorMicros, new KeyState(cursorMicros, rowImage, null)));
  }

  public void delete(String keyText, long cursorMicros) {
    stage(StateChange.deleted(keyText, cursorMicros));
  }

  /** The key's state from now on (stream mode: a deleted key keeps a state marked deleted). */
  public void stage(String keyText, KeyState state) {
    stage(new StateChange(keyText, state.cursorMicros(), state));
  }

  private void stage(StateChange change) {
    pending.put(change.keyText(), change);
    staged.add(change);
  }

  /** The changes staged since the last call: they go into the next batch's transaction. */
  public List<StateChange> drain() {
    List<StateChange> out = staged;
    staged = new ArrayList<>();
    return out;
  }

  /**
   * A batch's transaction committed: applies its changes to the store and, when the interval has passed, prunes the
   * versions below the committed settled bound and writes a checkpoint; returns whether it did.
   *
   * @param written       the next changelog offset per partition after the batch's records
   * @param settledBefore the settled bound the batch's offset committed
   */
  public synchronized boolean committed(List<StateChange> changes, Map<Integer, Long> written, long settledBefore) {
    store.apply(changes);
    for (StateChange c : changes) {
      // a later batch may have staged a newer change of the key: that one stays pending
      pending.remove(c.keyText(), c);
    }
    written.forEach((partition, next) -> positions.merge(partition, next, Math::max));
    if (System.nanoTime() - lastCheckpointNanos < checkpointIntervalNanos) {
      return false;
    }
    checkpoint(settledBefore);
    return true;
  }

  /** Prunes the versions below the committed settled bound and records the changelog positions the store holds. */
  public synchronized void checkpoint(long settledBefore) {
    store.pruneVersionsBefore(settledBefore);
    store.checkpoint(new Checkpoint(changelog.topicId(), positions));
    lastCheckpointNanos = System.nanoTime();
  }
}
