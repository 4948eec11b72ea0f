package io.dsqlcdc.capture.changestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsqlcdc.capture.offsets.ShardCheckpoint;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardProgressTest {
  private final ShardProgress progress = new ShardProgress();

  private static RecordPosition at(String shard, String sequence) {
    return new RecordPosition(shard, sequence);
  }

  /** Reads records whose arrival (epoch ms) is their sequence number. */
  private void read(String shard, String... sequences) {
    for (String s : sequences) {
      progress.read(at(shard, s), arrival(s));
    }
  }

  private static Instant arrival(String sequence) {
    return Instant.ofEpochMilli(Long.parseLong(sequence));
  }

  @Test
  void aShardWithNothingReleasedHasNoCheckpoint() {
    read("s1", "1", "2");
    assertThat(progress.checkpoint()).isEmpty();
  }

  @Test
  void theCheckpointCarriesTheArrivalOfItsRecordForTheRetentionCheck() {
    read("s1", "1", "2");
    progress.release(at("s1", "1"));
    assertThat(progress.checkpoint().get("s1")).isEqualTo(ShardCheckpoint.after("s1", "1", arrival("1")));
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
        java.util.Map.entry("s1", ShardCheckpoint.after("s1", "1", arrival("1"))),
        java.util.Map.entry("s2", ShardCheckpoint.after("s2", "7", arrival("7"))));
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
    progress.resume(ShardCheckpoint.after("s1", "40", arrival("40")));
    read("s1", "41");
    assertThat(progress.checkpoint().get("s1").sequenceNumber()).isEqualTo("40");
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
  void anEndedShardStaysEndedAfterARestart() {
    progress.resume(ShardCheckpoint.ended("s1", "9", arrival("9")));
    assertThat(progress.checkpoint().get("s1")).isEqualTo(ShardCheckpoint.ended("s1", "9", arrival("9")));
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
        .hasMessage("the record at shard s1 sequence number 2 was released or pinned already");
  }

  @Test
  void aPinnedRecordStopsItsShardsCheckpointBeforeIt() {
    read("s1", "1", "2", "3");
    progress.pin(at("s1", "2"));
    progress.release(at("s1", "3"));
    progress.release(at("s1", "1"));
    assertThat(progress.checkpoint().get("s1").sequenceNumber()).isEqualTo("1");
  }

  @Test
  void recordsReadAfterAFrozenShardsPinMoveNothing() {
    read("s1", "1", "2");
    progress.pin(at("s1", "1"));
    progress.release(at("s1", "2"));
    read("s1", "3", "4");
    progress.release(at("s1", "4"));
    progress.pin(at("s1", "3"));
    assertThat(progress.checkpoint()).isEmpty();
  }

  @Test
  void aFrozenShardReadToItsEndIsNotEnded() {
    read("s1", "1", "2");
    progress.release(at("s1", "1"));
    progress.pin(at("s1", "2"));
    progress.readToEnd("s1");
    assertThat(progress.checkpoint().get("s1")).isEqualTo(ShardCheckpoint.after("s1", "1", arrival("1")));
  }

  @Test
  void aPinHoldsOnlyItsOwnShard() {
    read("s1", "1");
    read("s2", "5", "6");
    progress.pin(at("s1", "1"));
    progress.release(at("s2", "5"));
    progress.release(at("s2", "6"));
    assertThat(progress.checkpoint()).containsOnlyKeys("s2");
    assertThat(progress.checkpoint().get("s2").sequenceNumber()).isEqualTo("6");
  }

  @Test
  void theOldestUnreleasedRecordIsTheFirstHeldOfAnyShard() {
    read("s1", "5", "6");
    read("s2", "3", "4");
    progress.release(at("s2", "3"));
    assertThat(progress.oldestUnreleased()).isEqualTo(arrival("4"));
  }

  @Test
  void aFrozenShardsPinStaysItsOldestUnreleasedRecord() {
    read("s1", "1", "2");
    progress.pin(at("s1", "1"));
    progress.release(at("s1", "2"));
    read("s1", "3");
    assertThat(progress.oldestUnreleased()).isEqualTo(arrival("1"));
  }

  @Test
  void nothingIsUnreleasedOnceEveryRecordReadWasReleased() {
    read("s1", "1");
    progress.release(at("s1", "1"));
    assertThat(progress.oldestUnreleased()).isNull();
  }
}
