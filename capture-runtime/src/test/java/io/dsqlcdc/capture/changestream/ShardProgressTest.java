package io.dsqlcdc.capture.changestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsqlcdc.capture.changestream.ShardProgress.ShardCheckpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardProgressTest {
  private final ShardProgress progress = new ShardProgress();

  private static RecordPosition at(String shard, String sequence) {
    return new RecordPosition(shard, sequence);
  }

  private void read(String shard, String... sequences) {
    for (String s : sequences) {
      progress.read(at(shard, s));
    }
  }

  @Test
  void aShardWithNothingReleasedHasNoCheckpoint() {
    read("s1", "1", "2");
    assertThat(progress.checkpoint()).containsEntry("s1", new ShardCheckpoint(null, false));
  }

  @Test
  void theCheckpointIsTheLastRecordOfTheReleasedPrefix() {
    read("s1", "1", "2", "3", "4");
    progress.release(at("s1", "1"));
    progress.release(at("s1", "3"));
    assertThat(progress.checkpoint().get("s1").sequenceNumber()).isEqualTo("1");
    progress.release(at("s1", "2"));
    assertThat(progress.checkpoint().get("s1").sequenceNumber()).isEqualTo("3");
  }

  @Test
  void shardsAreCheckpointedIndependently() {
    read("s1", "1", "2");
    read("s2", "7");
    progress.release(at("s2", "7"));
    progress.release(at("s1", "1"));
    assertThat(progress.checkpoint()).containsExactly(
        java.util.Map.entry("s1", new ShardCheckpoint("1", false)),
        java.util.Map.entry("s2", new ShardCheckpoint("7", false)));
  }

  @Test
  void aSplitRecordPinsEveryShardItsPiecesWereReadFrom() {
    read("s1", "1", "2");
    read("s2", "5", "6");
    progress.release(at("s1", "2"));
    progress.release(at("s2", "6"));
    assertThat(progress.checkpoint().values()).extracting(ShardCheckpoint::sequenceNumber).containsOnlyNulls();
    progress.release(List.of(at("s1", "1"), at("s2", "5")));
    assertThat(progress.checkpoint().values()).extracting(ShardCheckpoint::sequenceNumber).containsExactly("2", "6");
  }

  @Test
  void aResumedShardKeepsItsCheckpointUntilMoreIsReleased() {
    progress.resume("s1", new ShardCheckpoint("40", false));
    read("s1", "41");
    assertThat(progress.checkpoint().get("s1").sequenceNumber()).isEqualTo("40");
    progress.release(at("s1", "41"));
    assertThat(progress.checkpoint().get("s1").sequenceNumber()).isEqualTo("41");
  }

  @Test
  void aShardReadToItsEndEndsOnceEverythingIsReleased() {
    read("s1", "1");
    progress.readToEnd("s1");
    assertThat(progress.checkpoint().get("s1").ended()).isFalse();
    progress.release(at("s1", "1"));
    assertThat(progress.checkpoint().get("s1")).isEqualTo(new ShardCheckpoint("1", true));
  }

  @Test
  void anEndedShardStaysEndedAfterARestart() {
    progress.resume("s1", new ShardCheckpoint("9", true));
    assertThat(progress.checkpoint().get("s1")).isEqualTo(new ShardCheckpoint("9", true));
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
