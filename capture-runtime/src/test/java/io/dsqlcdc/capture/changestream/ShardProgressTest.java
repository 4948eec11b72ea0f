package io.dsqlcdc.capture.changestream;

import static io.dsqlcdc.capture.changestream.StreamRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsqlcdc.capture.kinesis.ShardCheckpoint;
import io.dsqlcdc.capture.kinesis.ShardRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardProgressTest {
  private final ShardProgress progress = new ShardProgress();

  private static RecordPosition at(String shard, String sequence) {
    return new RecordPosition(shard, sequence);
  }

  /** Record n of a shard arrived n seconds after T0. */
  private static Instant arrival(String sequence) {
    return T0.plusSeconds(Long.parseLong(sequence));
  }

  private void read(String shard, String... sequences) {
    for (String s : sequences) {
      progress.read(new ShardRecord(shard, s, arrival(s), new byte[0]));
    }
  }

  @Test
  void aShardWithNothingReleasedHasNoCheckpoint() {
    read("s1", "1", "2");
    assertThat(progress.checkpoint()).isEmpty();
  }

  @Test
  void theCheckpointIsTheLastRecordOfTheReleasedPrefixWithItsArrival() {
    read("s1", "1", "2", "3", "4");
    progress.release(at("s1", "1"));
    progress.release(at("s1", "3"));
    assertThat(progress.checkpoint().get("s1")).isEqualTo(ShardCheckpoint.after("s1", "1", arrival("1")));
    progress.release(at("s1", "2"));
    assertThat(progress.checkpoint().get("s1")).isEqualTo(ShardCheckpoint.after("s1", "3", arrival("3")));
  }

  @Test
  void shardsAreCheckpointedIndependently() {
    read("s1", "1", "2");
    read("s2", "7");
    progress.release(at("s2", "7"));
    progress.release(at("s1", "1"));
    assertThat(progress.checkpoint()).containsExactly(
        Map.entry("s1", ShardCheckpoint.after("s1", "1", arrival("1"))),
        Map.entry("s2", ShardCheckpoint.after("s2", "7", arrival("7"))));
  }

  @Test
  void aSplitRecordPinsEveryShardItsPiecesWereReadFrom() {
    read("s1", "1", "2");
    read("s2", "5", "6");
    progress.release(at("s1", "2"));
    progress.release(at("s2", "6"));
    assertThat(progress.checkpoint()).isEmpty();
    progress.release(List.of(at("s1", "1"), at("s2", "5")));
    assertThat(progress.checkpoint().values()).extracting(ShardCheckpoint::sequenceNumber).containsExactly("2", "6");
  }

  @Test
  void aResumedShardKeepsItsCheckpointUntilMoreIsReleased() {
    ShardCheckpoint restored = ShardCheckpoint.after("s1", "40", arrival("40"));
    progress.resume(restored);
    read("s1", "41");
    assertThat(progress.checkpoint().get("s1")).isEqualTo(restored);
    progress.release(at("s1", "41"));
    assertThat(progress.checkpoint().get("s1").sequenceNumber()).isEqualTo("41");
  }

  @Test
  void aShardReadToItsEndEndsOnceEverythingIsReleased() {
    read("s1", "1");
    progress.readToEnd("s1");
    assertThat(progress.checkpoint()).isEmpty();
    progress.release(at("s1", "1"));
    assertThat(progress.checkpoint().get("s1")).isEqualTo(ShardCheckpoint.ended("s1", "1", arrival("1")));
  }

  @Test
  void anEmptyShardReadToItsEndIsEnded() {
    progress.readToEnd("s1");
    assertThat(progress.checkpoint().get("s1")).isEqualTo(ShardCheckpoint.ended("s1", null, null));
  }

  @Test
  void anEndedShardStaysEndedAfterARestart() {
    ShardCheckpoint ended = ShardCheckpoint.ended("s1", "9", arrival("9"));
    progress.resume(ended);
    assertThat(progress.checkpoint().get("s1")).isEqualTo(ended);
  }

  @Test
  void releasingARecordNotReadIsAnError() {
    assertThatThrownBy(() -> progress.release(at("s1", "1"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the record at shard s1 sequence number 1 was not read");
  }

  @Test
  void releasingARecordTwiceIsAnError() {
    read("s1", "1", "2");
    progress.release(at("s1", "2"));
    assertThatThrownBy(() -> progress.release(at("s1", "2"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the record at shard s1 sequence number 2 was released twice");
  }
}
