package io.dsqlcdc.capture.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnsettledWindowTest {
  @Test
  void keepsTheLatestCursorPerKey() {
    UnsettledWindow w = new UnsettledWindow(1_000, 0);
    w.record("a", 100);
    w.record("a", 2_500);
    assertThat(w.cursorOf("a")).isEqualTo(2_500);
    assertThat(w.digests(0, 10_000)).containsOnlyKeys(2L);
  }

  @Test
  void settlingForgetsOlderVersions() {
    UnsettledWindow w = new UnsettledWindow(1_000, 0);
    w.record("a", 100);
    w.record("b", 1_500);
    w.settle(1_200);
    assertThat(w.cursorOf("a")).isNull();
    assertThat(w.cursorOf("b")).isEqualTo(1_500);
    w.record("c", 1_000);
    assertThat(w.cursorOf("c")).as("versions below the settled bound are not kept").isNull();
  }

  @Test
  void sliceDigestIsTheDatabasesFormula() {
    UnsettledWindow w = new UnsettledWindow(1_000, 0);
    w.record("k2", 1_200);
    w.record("k1", 1_100);
    List<String> parts = new ArrayList<>(List.of(Md5.hex("1100:k1"), Md5.hex("1200:k2")));
    Collections.sort(parts);
    assertThat(w.digests(0, 5_000).get(1L)).isEqualTo(new SliceDigest(2, Md5.hex(String.join("", parts))));
  }

  @Test
  void digestCountsOnlyVersionsInsideTheRange() {
    UnsettledWindow w = new UnsettledWindow(1_000, 0);
    w.record("a", 1_100);
    w.record("b", 1_900);
    assertThat(w.digests(0, 1_500).get(1L).count()).isEqualTo(1);
    assertThat(w.digests(0, 5_000).get(1L).count()).isEqualTo(2);
  }

  @Test
  void md5MatchesPostgresForAKnownValue() {
    // SELECT md5('abc') = 900150983cd24fb0d6963f7d28e17f72
    assertThat(Md5.hex("abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
  }
}
