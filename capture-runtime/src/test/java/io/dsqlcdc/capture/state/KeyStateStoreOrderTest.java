package io.dsqlcdc.capture.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state store's {@code order} column family: the held keys in primary-key order, for the hard-delete scan. */
class KeyStateStoreOrderTest {
  private static final KeyOrder INTEGERS = KeyOrder.of(List.of("int8")).orElseThrow();

  @TempDir
  Path dir;

  private static List<String> ordered(KeyStateStore store, String after, String upTo, int limit) {
    return store.orderedKeys(after == null ? null : INTEGERS.encode(after), upTo == null ? null : INTEGERS.encode(upTo),
        limit).stream().map(KeyStateStore.OrderedKey::keyText).toList();
  }

  @Test
  void keysHeldBeforeHardDeletesWereTurnedOnAreOrderedOnceItIs() {
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.apply(List.of(StateChange.emitted("10", 1), StateChange.emitted("-2", 1), StateChange.emitted("3", 1)));
      store.useKeyOrder(INTEGERS);
      assertThat(ordered(store, null, null, 10)).containsExactly("-2", "3", "10");
    }
  }

  @Test
  void deletesAndEmitsKeepTheOrderAndRangesAreExclusiveBelowInclusiveAbove() {
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.useKeyOrder(INTEGERS);
      store.apply(List.of(StateChange.emitted("1", 1), StateChange.emitted("2", 1), StateChange.emitted("3", 1),
          StateChange.emitted("4", 1), StateChange.deleted("2", 2)));
      assertThat(ordered(store, null, null, 10)).containsExactly("1", "3", "4");
      assertThat(ordered(store, "1", "3", 10)).containsExactly("3");
      assertThat(ordered(store, "2", null, 1)).containsExactly("3");
    }
  }

  @Test
  void theOrderSurvivesAReopenAndIsRebuiltAfterAWipe() {
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.useKeyOrder(INTEGERS);
      store.apply(List.of(StateChange.emitted("5", 1)));
    }
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.useKeyOrder(INTEGERS);
      assertThat(ordered(store, null, null, 10)).containsExactly("5");
      store.wipe();
      assertThat(ordered(store, null, null, 10)).isEmpty();
      store.restore(List.of(new StoredChange(KeyStateCodec.key("7"), KeyStateCodec.encode(KeyState.emittedAt(1)), 1)));
      assertThat(ordered(store, null, null, 10)).containsExactly("7");
    }
  }
}
