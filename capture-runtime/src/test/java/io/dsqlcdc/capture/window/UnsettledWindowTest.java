package io.dsqlcdc.capture.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class UnsettledWindowTest {
  @Test
  void keepsTheLatestCursorPerKey() {
    UnsettledWindow w = new UnsettledWindow(1_000, 0);
    w.record("a", 100);
    w.record("a", 2_500);
    assertThat(w.accounted("a", 2_500)).isTrue();
    assertThat(w.accounted("a", 2_501)).isFalse();
    assertThat(w.digests(0, 10)).as("the older version left its slice").containsOnlyKeys(2L);
  }

  @Test
  void settlingForgetsOlderVersionsAndStopsAtASliceBoundary() {
    UnsettledWindow w = new UnsettledWindow(1_000, 0);
    w.record("a", 100);
    w.record("b", 1_100);
    w.settle(1_900);
    assertThat(w.settledBefore()).isEqualTo(1_000);
    assertThat(w.accounted("a", 100)).isFalse();
    assertThat(w.accounted("b", 1_100)).isTrue();
    w.record("c", 900);
    assertThat(w.accounted("c", 900)).as("versions below the settled bound are not kept").isFalse();
    assertThat(w.size()).isEqualTo(1);
  }

  @Test
  void settlingKeepsAKeyWhoseNewerVersionSitsInALaterSlice() {
    UnsettledWindow w = new UnsettledWindow(1_000, 0);
    w.record("a", 100);
    w.record("a", 3_100);
    w.settle(2_000);
    assertThat(w.accounted("a", 3_100)).isTrue();
    assertThat(w.digests(0, 10)).containsOnlyKeys(3L);
  }

  @Test
  void sliceDigestCountsAndSumsTheVersionHashesOfItsVersions() {
    UnsettledWindow w = new UnsettledWindow(1_000, 0);
    w.record("k2", 1_200);
    w.record("k1", 1_100);
    assertThat(w.digests(0, 5).get(1L))
        .isEqualTo(new SliceDigest(2, VersionHash.of(1_100, "k1") + VersionHash.of(1_200, "k2")));
  }

  @Test
  void aFullWindowStillCountsVersionsOfKeysItDoesNotHoldAndMovesThemFromThePreviousVersionGiven() {
    UnsettledWindow w = new UnsettledWindow(1_000, 0, 1);
    w.record("a", 100);
    w.record("b", 1_100);
    assertThat(w.full()).isTrue();
    assertThat(w.holds("b")).isFalse();
    assertThat(w.accounted("b", 1_100)).as("answered by the state store instead").isFalse();
    assertThat(w.digests(1, 1).get(1L)).isEqualTo(new SliceDigest(1, VersionHash.of(1_100, "b")));
    w.record("b", 2_100, 1_100);
    assertThat(w.digests(0, 5)).containsOnlyKeys(0L, 2L);
    assertThat(w.digests(2, 2).get(2L)).isEqualTo(new SliceDigest(1, VersionHash.of(2_100, "b")));
  }

  @Test
  void aVersionRecordedAgainAsItsOwnPreviousVersionIsCountedOnce() {
    UnsettledWindow w = new UnsettledWindow(1_000, 0, 0);
    w.record("b", 1_100);
    w.record("b", 1_100, 1_100);
    assertThat(w.digests(1, 1).get(1L).count()).isEqualTo(1);
  }

  @Test
  void aQuarterOfTheHeapHoldsTheVersionsAtEightyBytesEach() {
    assertThat(UnsettledWindow.heldVersionsFor(256L << 20, 1)).isEqualTo((256 << 20) / 4 / 80);
    assertThat(UnsettledWindow.heldVersionsFor(1L << 20, 1)).as("at least").isEqualTo(10_000);
  }

  @Test
  void theWindowsOfAllTablesShareTheQuarterOfTheHeap() {
    assertThat(UnsettledWindow.heldVersionsFor(256L << 20, 4)).isEqualTo((256 << 20) / 4 / 80 / 4);
  }

  @Test
  void versionHashIsTheFirstFifteenHexDigitsOfTheMd5OfCursorAndKey() throws Exception {
    assertThat(VersionHash.of(1_100, "k1")).isEqualTo(Long.parseLong(md5Hex("1100:k1").substring(0, 15), 16));
  }

  private static String md5Hex(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aJournalReplayedIntoTheRebuiltWindowGivesTheDigestsOfRecordingEverythingInOne() {
    UnsettledWindow direct = new UnsettledWindow(1_000, 0);
    direct.record("a", 100);
    direct.record("b", 1_100);
    direct.record("a", 2_100);
    direct.record("c", 2_200);
    direct.record("b", 3_100);

    UnsettledWindow rebuilt = new UnsettledWindow(1_000, 0);
    rebuilt.record("a", 100);
    rebuilt.record("b", 1_100);
    UnsettledWindow journaling = UnsettledWindow.journaling(1_000, 0, Integer.MAX_VALUE);
    journaling.record("a", 2_100, 100);
    journaling.record("c", 2_200);
    journaling.record("b", 3_100, 1_100);
    journaling.replayInto(rebuilt);

    assertThat(journaling.journalSize()).isEqualTo(3);
    assertThat(rebuilt.digests(0, 10)).isEqualTo(direct.digests(0, 10));
    assertThat(rebuilt.accounted("a", 2_100)).isTrue();
  }

  @Test
  void aKeyJournaledTwiceLeavesItsSlicesExactInARebuiltWindowThatDoesNotHoldIt() {
    UnsettledWindow rebuilt = new UnsettledWindow(1_000, 0, 1);
    rebuilt.record("x", 50);
    rebuilt.record("a", 100);
    assertThat(rebuilt.holds("a")).isFalse();
    UnsettledWindow journaling = UnsettledWindow.journaling(1_000, 0, Integer.MAX_VALUE);
    journaling.record("a", 1_100, 100);
    journaling.record("a", 2_100);
    journaling.replayInto(rebuilt);

    assertThat(rebuilt.digests(0, 10)).containsOnlyKeys(0L, 2L);
    assertThat(rebuilt.digests(0, 10).get(0L)).isEqualTo(new SliceDigest(1, VersionHash.of(50, "x")));
  }

  @Test
  void aJournalingWindowRefusesToSettleBecauseItsDigestsArePartial() {
    UnsettledWindow journaling = UnsettledWindow.journaling(1_000, 0, 10);
    journaling.record("a", 1_100);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> journaling.settle(5_000))
        .isInstanceOf(IllegalStateException.class);
    assertThat(new UnsettledWindow(1_000, 0).isJournaling()).isFalse();
  }
}
