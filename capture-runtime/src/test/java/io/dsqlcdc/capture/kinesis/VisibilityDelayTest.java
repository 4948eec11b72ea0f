package io.dsqlcdc.capture.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.source.dsql.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VisibilityDelayTest {
  private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final VisibilityDelay delay = new VisibilityDelay(clock);

  @Test
  void startsAtTheFloor() {
    assertThat(delay.current()).isEqualTo(VisibilityDelay.FLOOR);
  }

  @Test
  void aRecordArrivingAfterWhatWasReadTeachesNothing() {
    delay.observe("shard-0", T0, T0.plusMillis(10));
    delay.observe("shard-0", null, T0.minusSeconds(30));

    assertThat(delay.current()).isEqualTo(VisibilityDelay.FLOOR);
  }

  @Test
  void aRecordReturnedAfterItsShardWasReadPastItsArrivalRaisesTheDelayByHalfAgainWhatWasSeen() {
    delay.observe("shard-0", T0, T0.minusSeconds(2));

    assertThat(delay.current()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aShorterLateRecordKeepsTheLongerDelay() {
    delay.observe("shard-0", T0, T0.minusSeconds(4));
    delay.observe("shard-1", T0, T0.minusSeconds(1));

    assertThat(delay.current()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void theDelayNeverExceedsTheCeiling() {
    delay.observe("shard-0", T0, T0.minus(Duration.ofMinutes(10)));

    assertThat(delay.current()).isEqualTo(VisibilityDelay.CEILING);
  }

  @Test
  void withoutNewEvidenceTheExcessOverTheFloorHalvesEveryHalfLife() {
    delay.observe("shard-0", T0, T0.minusSeconds(6));

    clock.advance(VisibilityDelay.HALF_LIFE);
    assertThat(delay.current()).isEqualTo(Duration.ofMillis(5_000));
    clock.advance(VisibilityDelay.HALF_LIFE.multipliedBy(20));
    assertThat(delay.current()).isEqualTo(VisibilityDelay.FLOOR);
  }
}
