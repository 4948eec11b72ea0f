package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.capture.offsets.EmittedHistory;
import io.dsqlcdc.capture.state.Changelog;
import io.dsqlcdc.capture.state.ChangelogRestore;
import io.dsqlcdc.capture.state.EmittedState;
import io.dsqlcdc.capture.state.KeyOrder;
import io.dsqlcdc.capture.state.KeyState;
import io.dsqlcdc.capture.state.KeyStateStore;
import io.dsqlcdc.capture.state.StateChange;
import io.dsqlcdc.capture.status.TableProgress;
import io.dsqlcdc.capture.window.UnsettledWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a table's capture state on start: the key states from the local store and its changelog (or, once, from
 * the event topic, for offsets written before the store existed), and the unsettled window from the store's versions
 * index (in the background: {@link WindowRebuild}). Reports progress as {@code Restoring}. Nothing here reads the
 * event topics in steady operation.
 */
final class StateLoader {
  private static final Logger LOG = LoggerFactory.getLogger(StateLoader.class);
  private static final int CHUNK = 10_000;
  static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  private final KeyStateStore store;
  private final Changelog changelog;
  private final ChangelogRestore restore;
  private final EmittedHistory history;
  private final TableProgress progress;
  private final int heldVersions;

  /** @param tables how many tables' windows share the heap */
  StateLoader(KeyStateStore store, Changelog changelog, ChangelogRestore restore, EmittedHistory history,
              TableProgress progress, int tables) {
    this.heldVersions = UnsettledWindow.heldVersionsFor(Runtime.getRuntime().maxMemory(), tables);
    this.store = store;
    this.changelog = changelog;
    this.restore = restore;
    this.history = history;
    this.progress = progress;
  }

  /** Brings the store up to the changelog's committed end; the returned state accounts the batches to come. */
  EmittedState restore() {
    progress.restoring(0, 0, "changelog");
    ChangelogRestore.Result restored = restore.restore(changelog.topic(), changelog.topicId(), store,
        (fromCheckpoint, records, rate) -> progress.restoring(records, rate, fromCheckpoint ? "checkpoint" : "changelog"));
    LOG.info("table {}: {} changelog record(s) restored from {}", progress.table(), restored.records(),
        restored.fromCheckpoint() ? "the local checkpoint on" : "the changelog's beginning on");
    return new EmittedState(store, changelog, restored.checkpoint(), CHECKPOINT_INTERVAL);
  }

  /** The store keeps its keys in this order too, for the hard-delete scan (built once when it has none). */
  void useKeyOrder(KeyOrder order) {
    store.useKeyOrder(order);
  }

  /**
   * The window the capture starts with while {@link #rebuild} runs: empty from the settled bound on, journaling what
   * is captured meanwhile.
   */
  UnsettledWindow journalingWindow(long sliceWidthMicros, long settledBefore) {
    return UnsettledWindow.journaling(sliceWidthMicros, settledBefore, heldVersions());
  }

  /** A window that only counts, never rebuilt nor swept: stream mode's (nothing is compared with the database). */
  UnsettledWindow emptyWindow(long sliceWidthMicros, long settledBefore) {
    return new UnsettledWindow(sliceWidthMicros, settledBefore, heldVersions());
  }

  /** Versions a journaling window may record before the capture waits for the rebuild: as many as a window holds. */
  int journalLimit() {
    return heldVersions();
  }

  private int heldVersions() {
    return heldVersions;
  }

  /** A consistent view of the state store as restored, for {@link #rebuild} to read beside the capture. */
  KeyStateStore.View view() {
    return store.view();
  }

  /**
   * The unsettled window from {@code settledBefore} on, filled with the versions the view's index holds, holding at
   * most its share of a quarter of the heap. Once full, a version of a key not held is counted only when it is the key's
   * current emitted version (older entries of the index are stale); versions of deleted keys beyond that are left
   * out, which costs at most a re-read of their slice, never an event. Stops with {@link CancellationException} when
   * the thread is interrupted.
   */
  UnsettledWindow rebuild(KeyStateStore.View view, long sliceWidthMicros, long settledBefore) {
    long started = System.nanoTime();
    UnsettledWindow window = new UnsettledWindow(sliceWidthMicros, settledBefore, heldVersions());
    long[] read = {0};
    view.forEachVersion(settledBefore, (key, cursor) -> {
      if (++read[0] % CHUNK == 0 && Thread.currentThread().isInterrupted()) {
        throw new CancellationException("the window rebuild of table " + progress.table() + " was stopped");
      }
      if (!window.full() || window.holds(key)) {
        window.record(key, cursor);
        return;
      }
      KeyState current = view.get(key);
      if (current != null && current.cursorMicros() == cursor) {
        window.record(key, cursor);
      }
    });
    LOG.info("table {}: unsettled window rebuilt from {} indexed version(s) in {} ms{}", progress.table(), read[0],
        (System.nanoTime() - started) / 1_000_000, window.full() ? "; it holds " + window.size()
            + " versions, as many as the heap allows, and checks versions beyond against the state store" : "");
    return window;
  }

  void reportSize() {
    progress.stateStoreSize(store.approximateKeys(), store.sizeBytes());
  }

  /**
   * Builds the state once from the event topic, as runtimes before the store did on every start, and hands every key's
   * state to {@code migrated}, chunk by chunk, to be written to the changelog.
   */
  void migrate(String eventTopic, KeyStateStore.Chunks migrated) throws InterruptedException {
    String table = progress.table();
    LOG.info("table {}: its offsets predate the state store; building the state once from topic {}", table,
        eventTopic);
    store.wipe();
    long started = System.nanoTime();
    List<StateChange> batch = new ArrayList<>(CHUNK);
    long[] applied = {0};
    long events = history.replay(eventTopic, c -> {
      batch.add(c);
      if (batch.size() == CHUNK) {
        store.apply(batch);
        applied[0] += batch.size();
        batch.clear();
        progress.restoring(applied[0], ChangelogRestore.rate(applied[0], started), "events");
      }
    });
    store.apply(batch);
    long keys = store.forEachKey(CHUNK, migrated);
    progress.restoring(events, ChangelogRestore.rate(events, started), "events");
    LOG.info("table {}: {} event(s) replayed; {} key state(s) written to changelog {}", table, events, keys,
        changelog.topic());
  }
}
