package io.dsqlcdc.capture.kinesis;

import io.dsqlcdc.capture.offsets.ShardCheckpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointCheckTest {
  static final String ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";
  static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");
  static final Duration RETENTION = Duration.ofHours(24);
  static final List<ShardInfo> SHARDS = List.of(new ShardInfo("shardId-1", null, null, false));

  @Test
  void aCheckpointOfAListedShardWithinTheRetentionHolds() {
    assertThatCode(() -> CheckpointCheck.verify(ARN, SHARDS,
        Map.of("shardId-1", ShardCheckpoint.after("shardId-1", "7", NOW.minus(Duration.ofHours(23)))), RETENTION, NOW))
        .doesNotThrowAnyException();
  }

  @Test
  void aCheckpointOfAShardNoLongerListedIsAGap() {
    ShardCheckpoint gone = ShardCheckpoint.after("shardId-0", "5", null);
    assertThatThrownBy(() -> CheckpointCheck.verify(ARN, SHARDS, Map.of("shardId-0", gone), RETENTION, NOW))
        .isInstanceOfSatisfying(StreamGapException.class, e -> {
          assertThat(e.shardId()).isEqualTo("shardId-0");
          assertThat(e.checkpoint()).isEqualTo(gone);
        })
        .hasMessageContaining("no longer has that shard").hasMessageContaining("re-snapshot");
  }

  @Test
  void aCheckpointOlderThanTheRetentionIsAGap() {
    ShardCheckpoint old = ShardCheckpoint.after("shardId-1", "7", NOW.minus(Duration.ofHours(25)));
    assertThatThrownBy(() -> CheckpointCheck.verify(ARN, SHARDS, Map.of("shardId-1", old), RETENTION, NOW))
        .isInstanceOf(StreamGapException.class).hasMessageContaining("older than the stream's retention of 24 h");
  }

  @Test
  void aShardReadToItsEndMayBeGone() {
    assertThatCode(() -> CheckpointCheck.verify(ARN, SHARDS,
        Map.of("shardId-0", ShardCheckpoint.ended("shardId-0", "5", NOW.minus(Duration.ofDays(3)))), RETENTION, NOW))
        .doesNotThrowAnyException();
  }
}
