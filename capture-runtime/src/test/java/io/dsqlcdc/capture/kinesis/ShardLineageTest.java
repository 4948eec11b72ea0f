package io.dsqlcdc.capture.kinesis;

import io.dsqlcdc.capture.offsets.ShardCheckpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardLineageTest {
  static final ShardInfo CLOSED_PARENT = new ShardInfo("p", null, null, true);
  static final ShardInfo LEFT = new ShardInfo("l", "p", null, true);
  static final ShardInfo RIGHT = new ShardInfo("r", "p", null, true);
  static final ShardInfo MERGED = new ShardInfo("m", "l", "r", false);
  static final ShardInfo OTHER = new ShardInfo("o", null, null, false);
  static final List<ShardInfo> SPLIT_THEN_MERGED = List.of(CLOSED_PARENT, LEFT, RIGHT, MERGED, OTHER);

  @Test
  void aChildIsReadableOnlyAfterEachOfItsParentsFinished() {
    ShardLineage lineage = new ShardLineage(Map.of(), StreamStart.trimHorizon());
    assertThat(lineage.update(SPLIT_THEN_MERGED)).containsOnlyKeys("p", "o");
    lineage.finished("p");
    assertThat(lineage.update(SPLIT_THEN_MERGED)).containsOnlyKeys("l", "r");
    lineage.finished("l");
    assertThat(lineage.update(SPLIT_THEN_MERGED)).isEmpty();
    lineage.finished("r");
    assertThat(lineage.update(SPLIT_THEN_MERGED)).containsExactly(Map.entry("m", IteratorPosition.trimHorizon()));
  }

  @Test
  void latestSkipsClosedShardsAndStartsOpenOnesAtLatest() {
    ShardLineage lineage = new ShardLineage(Map.of(), StreamStart.latest());
    assertThat(lineage.update(SPLIT_THEN_MERGED)).containsOnly(
        Map.entry("m", IteratorPosition.latest()), Map.entry("o", IteratorPosition.latest()));
    assertThat(lineage.isDone("p")).isTrue();
  }

  @Test
  void aChildOfAShardReadAtLatestStartsAtItsBeginning() {
    ShardLineage lineage = new ShardLineage(Map.of(), StreamStart.latest());
    lineage.update(List.of(OTHER));
    lineage.finished("o");
    ShardInfo child = new ShardInfo("c", "o", null, false);
    assertThat(lineage.update(List.of(new ShardInfo("o", null, null, true), child)))
        .containsExactly(Map.entry("c", IteratorPosition.trimHorizon()));
  }

  @Test
  void aCheckpointedShardResumesAfterItsCheckpointAndItsUncheckpointedChildrenStartAtTheirBeginning() {
    ShardLineage lineage = new ShardLineage(Map.of("l", ShardCheckpoint.after("l", "42", null),
        "r", ShardCheckpoint.ended("r", "41", null)), StreamStart.latest());
    assertThat(lineage.update(SPLIT_THEN_MERGED)).containsOnly(
        Map.entry("l", IteratorPosition.afterSequenceNumber("42")), Map.entry("o", IteratorPosition.latest()));
    lineage.finished("l");
    assertThat(lineage.update(SPLIT_THEN_MERGED)).containsExactly(Map.entry("m", IteratorPosition.trimHorizon()));
  }

  @Test
  void aShardWhoseParentIsNoLongerListedIsReadableAtOnce() {
    ShardLineage lineage = new ShardLineage(Map.of(), StreamStart.trimHorizon());
    assertThat(lineage.update(List.of(MERGED))).containsOnlyKeys("m");
  }

  @Test
  void childrenOfShardsReadFromATimestampStartAtThatTimestamp() {
    Instant noted = Instant.parse("2026-12-06T05:00:00Z");
    ShardLineage lineage = new ShardLineage(Map.of(), StreamStart.atTimestamp(noted));
    assertThat(lineage.update(SPLIT_THEN_MERGED)).containsOnly(
        Map.entry("p", IteratorPosition.atTimestamp(noted)), Map.entry("o", IteratorPosition.atTimestamp(noted)));
    lineage.finished("p");
    assertThat(lineage.update(SPLIT_THEN_MERGED)).containsOnly(
        Map.entry("l", IteratorPosition.atTimestamp(noted)), Map.entry("r", IteratorPosition.atTimestamp(noted)));
  }
}
