package io.dsqlcdc.capture.changestream;

import static io.dsqlcdc.capture.changestream.StreamRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.kinesis.ShardRecord;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArrivalWatermarkTest {
  private final TestClock clock = new TestClock(T0.plusSeconds(600));
  private final ArrivalWatermark watermark = new ArrivalWatermark(clock);

  private void read(String shard, long secondsAfterT0) {
    watermark.read(new ShardRecord(shard, "1", T0.plusSeconds(secondsAfterT0), new byte[0]));
  }

  @Test
  void withNoShardOpenItIsTheWallClock() {
    assertThat(watermark.instant()).isEqualTo(clock.instant());
  }

  @Test
  void itIsWhereTheSlowestShardWasReadTo() {
    watermark.opened("s1", T0);
    watermark.opened("s2", T0);
    read("s1", 50);
    read("s2", 20);
    assertThat(watermark.instant()).isEqualTo(T0.plusSeconds(20));
    read("s2", 70);
    assertThat(watermark.instant()).isEqualTo(T0.plusSeconds(50));
  }

  @Test
  void anOpenedShardHoldsItBackUntilItIsRead() {
    watermark.opened("s1", T0);
    read("s1", 100);
    watermark.opened("child", T0.plusSeconds(30));
    assertThat(watermark.instant()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void aShardCaughtUpReachesNowMinusItsLag() {
    watermark.opened("s1", T0);
    watermark.reached("s1", clock.instant().minus(Duration.ofMillis(200)));
    assertThat(watermark.instant()).isEqualTo(clock.instant().minusMillis(200));
  }

  @Test
  void aShardReadToItsEndNoLongerHoldsItBack() {
    watermark.opened("parent", T0);
    watermark.opened("s2", T0);
    read("s2", 90);
    watermark.ended("parent");
    assertThat(watermark.instant()).isEqualTo(T0.plusSeconds(90));
  }

  @Test
  void itNeverGoesBackForAShard() {
    watermark.opened("s1", T0);
    read("s1", 50);
    watermark.reached("s1", T0.plusSeconds(10));
    read("s1", 40);
    assertThat(watermark.instant()).isEqualTo(T0.plusSeconds(50));
  }

  @Test
  void recordsOfAShardNotOpenedDoNotCount() {
    watermark.opened("s1", T0);
    read("other", 500);
    assertThat(watermark.instant()).isEqualTo(T0);
  }
}
