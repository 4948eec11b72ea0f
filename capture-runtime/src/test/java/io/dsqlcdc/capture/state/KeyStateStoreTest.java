package io.dsqlcdc.capture.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStateStoreTest {
  @TempDir
  Path dir;

  private static List<String> versions(KeyStateStore store, long from) {
    List<String> out = new ArrayList<>();
    store.forEachVersion(from, (key, cursor) -> out.add(key + "@" + cursor));
    return out;
  }

  @Test
  void aKeyIsHeldFromItsEmissionUntilItsDelete() {
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.apply(List.of(StateChange.emitted("{\"id\":1}", 100)));
      assertThat(store.get("{\"id\":1}")).isEqualTo(KeyState.emittedAt(100));
      store.apply(List.of(StateChange.emitted("{\"id\":1}", 200)));
      assertThat(store.get("{\"id\":1}").cursorMicros()).isEqualTo(200);
      store.apply(List.of(StateChange.deleted("{\"id\":1}", 300)));
      assertThat(store.get("{\"id\":1}")).isNull();
    }
  }

  @Test
  void theVersionsIndexListsVersionsInCursorOrderFromABoundIncludingDeletesAndNegativeCursors() {
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.apply(List.of(StateChange.emitted("b", 300), StateChange.emitted("a", -50), StateChange.emitted("a", 400),
          StateChange.deleted("c", 350)));
      assertThat(versions(store, Long.MIN_VALUE)).containsExactly("a@-50", "b@300", "c@350", "a@400");
      assertThat(versions(store, 300)).containsExactly("b@300", "c@350", "a@400");
    }
  }

  @Test
  void pruningDropsTheVersionsBelowTheSettledBoundOnly() {
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.apply(List.of(StateChange.emitted("a", 100), StateChange.emitted("b", 200), StateChange.emitted("c", 300)));
      store.pruneVersionsBefore(200);
      assertThat(versions(store, Long.MIN_VALUE)).containsExactly("b@200", "c@300");
      assertThat(store.get("a")).as("pruning leaves key states alone").isNotNull();
    }
  }

  @Test
  void keyStatesAndTheCheckpointSurviveAReopen() {
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.apply(List.of(StateChange.emitted("a", 100)));
      store.checkpoint(new Checkpoint("topic-id", Map.of(0, 7L, 1, 3L)));
    }
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      assertThat(store.get("a")).isEqualTo(KeyState.emittedAt(100));
      assertThat(store.checkpoint()).contains(new Checkpoint("topic-id", Map.of(0, 7L, 1, 3L)));
    }
  }

  @Test
  void aWipeForgetsKeysVersionsAndTheCheckpoint() {
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.apply(List.of(StateChange.emitted("a", 100)));
      store.checkpoint(new Checkpoint("topic-id", Map.of(0, 1L)));
      store.wipe();
      assertThat(store.get("a")).isNull();
      assertThat(versions(store, Long.MIN_VALUE)).isEmpty();
      assertThat(store.checkpoint()).isEmpty();
    }
  }

  @Test
  void aDamagedStoreIsCreatedAgainEmptyForTheChangelogToRebuild() throws Exception {
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.apply(List.of(StateChange.emitted("a", 100)));
    }
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("MANIFEST")).toList()) {
        Files.writeString(p, "not a manifest");
      }
    }
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      assertThat(store.get("a")).isNull();
      store.apply(List.of(StateChange.emitted("b", 1)));
      assertThat(store.get("b")).isNotNull();
    }
  }

  @Test
  void aSecondRuntimeOnTheSameDirectoryIsToldToUseItsOwn() {
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      assertThatThrownBy(() -> KeyStateStore.open(dir)).isInstanceOf(StateStoreException.class)
          .hasMessageContaining("in use by another runtime").hasMessageContaining("--state-dir");
      assertThat(store.get("x")).isNull();
    }
  }

  @Test
  void keysAreListedInChunksWithTheirStates() throws Exception {
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.apply(List.of(StateChange.emitted("a", 1), StateChange.emitted("b", 2), StateChange.emitted("c", 3),
          StateChange.deleted("b", 4)));
      List<List<StateChange>> chunks = new ArrayList<>();
      long keys = store.forEachKey(1, chunks::add);
      assertThat(keys).isEqualTo(2);
      assertThat(chunks).containsExactly(List.of(StateChange.emitted("a", 1)), List.of(StateChange.emitted("c", 3)));
    }
  }

  @Test
  void aViewKeepsReadingTheStoreAsItWasWhenTaken() {
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.apply(List.of(StateChange.emitted("a", 100), StateChange.emitted("b", 200)));
      try (KeyStateStore.View view = store.view()) {
        store.apply(List.of(StateChange.emitted("a", 300), StateChange.deleted("b", 400)));
        store.pruneVersionsBefore(250);

        List<String> seen = new ArrayList<>();
        view.forEachVersion(Long.MIN_VALUE, (key, cursor) -> seen.add(key + "@" + cursor));
        assertThat(seen).containsExactly("a@100", "b@200");
        assertThat(view.get("a")).isEqualTo(KeyState.emittedAt(100));
        assertThat(view.get("b")).isEqualTo(KeyState.emittedAt(200));
      }
      assertThat(versions(store, Long.MIN_VALUE)).containsExactly("a@300", "b@400");
      assertThat(store.get("b")).isNull();
    }
  }
}
