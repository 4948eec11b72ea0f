package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.changestream.RecordPosition;
import org.junit.jupiter.api.Test;

class ReplayHorizonTest {
  private final ReplayHorizon horizon = new ReplayHorizon();

  private static RecordPosition at(String shard, String sequence) {
    return new RecordPosition(shard, sequence);
  }

  @Test
  void nothingIsReplayedInTheFirstSession() {
    horizon.read(at("s1", "49590338271490256608559692538361571095921575989136588898"));
    assertThat(horizon.readBefore(at("s1", "49590338271490256608559692538361571095921575989136588898"))).isFalse();
  }

  @Test
  void aRecordUpToWhereTheLastSessionReadIsReplayedAndOneAfterItIsNot() {
    horizon.read(at("s1", "100"));
    horizon.read(at("s1", "200"));
    horizon.newSession();
    assertThat(horizon.readBefore(at("s1", "200"))).isTrue();
    assertThat(horizon.readBefore(at("s1", "99"))).isTrue();
    assertThat(horizon.readBefore(at("s1", "201"))).isFalse();
  }

  @Test
  void sequenceNumbersCompareAsNumbersNotAsText() {
    horizon.read(at("s1", "99"));
    horizon.newSession();
    assertThat(horizon.readBefore(at("s1", "100"))).isFalse();
  }

  @Test
  void aShorterLaterSessionKeepsTheFurthestHorizon() {
    horizon.read(at("s1", "500"));
    horizon.newSession();
    horizon.read(at("s1", "300"));
    horizon.newSession();
    assertThat(horizon.readBefore(at("s1", "400"))).isTrue();
  }

  @Test
  void eachShardHasItsOwnHorizon() {
    horizon.read(at("s1", "500"));
    horizon.newSession();
    assertThat(horizon.readBefore(at("s2", "1"))).isFalse();
  }
}
