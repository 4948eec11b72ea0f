package io.dsqlcdc.capture.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmittedStateTest {
  static final Changelog CHANGELOG = new Changelog("__dsqlcdc-state.p.public.t", "id-1");

  @TempDir
  Path dir;
  KeyStateStore store;
  EmittedState state;

  @BeforeEach
  void open() {
    store = KeyStateStore.open(dir);
    state = new EmittedState(store, CHANGELOG, new Checkpoint("id-1", Map.of(0, 0L)), Duration.ofHours(1));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aKeyIsHeldAfterItsCreateWithTheVersionOfItsUpdateAndNotAfterItsDelete() {
    assertThat(state.current("k")).as("before its create").isNull();
    state.emit("k", 1);
    assertThat(state.current("k")).as("after its create").isNotNull();
    state.emit("k", 2);
    assertThat(state.current("k")).as("after its update").isEqualTo(KeyState.emittedAt(2));
    state.delete("k", 3);
    assertThat(state.current("k")).as("after its delete").isNull();
    assertThat(state.drain()).containsExactly(StateChange.emitted("k", 1), StateChange.emitted("k", 2),
        StateChange.deleted("k", 3));
  }

  @Test
  void theStoreReceivesABatchsChangesOnlyOnceItsTransactionCommitted() {
    state.emit("k", 1);
    List<StateChange> batch = state.drain();
    assertThat(store.get("k")).as("before the commit").isNull();
    state.committed(batch, Map.of(0, 1L), 0);
    assertThat(store.get("k")).isEqualTo(KeyState.emittedAt(1));
    assertThat(state.current("k")).isNotNull();
  }

  @Test
  void aBatchThatNeverCommitsLeavesTheStoreAsItWas() {
    state.emit("k", 1);
    state.drain();
    EmittedState afterRestart = new EmittedState(store, CHANGELOG, new Checkpoint("id-1", Map.of(0, 0L)),
        Duration.ofHours(1));
    assertThat(afterRestart.current("k")).isNull();
  }

  @Test
  void aNewerChangeOfAKeyStaysVisibleWhenAnOlderBatchCommits() {
    state.emit("k", 1);
    List<StateChange> first = state.drain();
    state.delete("k", 2);
    List<StateChange> second = state.drain();
    state.committed(first, Map.of(0, 1L), 0);
    assertThat(state.current("k")).as("the delete is pending").isNull();
    state.committed(second, Map.of(0, 2L), 0);
    assertThat(state.current("k")).isNull();
    assertThat(store.get("k")).isNull();
  }

  @Test
  void aCheckpointRecordsTheChangelogPositionsOfTheCommittedBatchesAndPrunesSettledVersions() {
    state.emit("a", 10);
    state.emit("b", 20);
    state.committed(state.drain(), Map.of(0, 2L, 1, 5L), 0);
    state.checkpoint(15);
    assertThat(store.checkpoint()).contains(new Checkpoint("id-1", Map.of(0, 2L, 1, 5L)));
    List<Long> cursors = new java.util.ArrayList<>();
    store.forEachVersion(Long.MIN_VALUE, (k, c) -> cursors.add(c));
    assertThat(cursors).containsExactly(20L);
  }

  @Test
  void aCommitCheckpointsOnceTheIntervalHasPassed() {
    EmittedState eager = new EmittedState(store, CHANGELOG, new Checkpoint("id-1", Map.of(0, 0L)), Duration.ZERO);
    eager.emit("a", 10);
    assertThat(eager.committed(eager.drain(), Map.of(0, 1L), 0)).isTrue();
    assertThat(store.checkpoint()).contains(new Checkpoint("id-1", Map.of(0, 1L)));
  }
}
