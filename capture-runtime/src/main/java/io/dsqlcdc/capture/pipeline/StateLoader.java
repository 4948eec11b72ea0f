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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a table's capture state on start: the key states from the local store and its changelog (or, once, from
 * the event topic, for offsets written before the store existed), and the unsettled window from the store's versions
 * index. Reports progress as {@code Restoring}. Nothing here reads the event topics in steady operation.
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

  StateLoader(KeyStateStore store, Changelog changelog, ChangelogRestore restore, EmittedHistory history,
              TableProgress progress) {
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

  /** An empty unsettled window from the settled bound on, holding at most what a quarter of the heap takes. */
  UnsettledWindow window(long sliceWidthMicros, long settledBefore) {
    return new UnsettledWindow(sliceWidthMicros, settledBefore,
        UnsettledWindow.heldVersionsFor(Runtime.getRuntime().maxMemory()));
  }

  /**
   * Fills the window with the versions the store's index holds from its settled bound on. Once full, a version of a
   * key not held is counted only when it is the key's current emitted version (older entries of the index are
   * stale); versions of deleted keys beyond that are left out, which costs at most a re-read of their slice, never
   * an event.
   */
  void rebuild(UnsettledWindow window) {
    store.forEachVersion(window.settledBefore(), (key, cursor) -> {
      if (!window.full() || window.holds(key)) {
        window.record(key, cursor);
        return;
      }
      KeyState current = store.get(key);
      if (current != null && current.cursorMicros() == cursor) {
        window.record(key, cursor);
      }
    });
    if (window.full()) {
      LOG.info("table {}: the unsettled window holds {} versions, as many as the heap allows; versions beyond are"
          + " checked against the state store", progress.table(), window.size());
    }
    reportSize();
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
