package io.dsqlcdc.capture.kinesis;

import io.dsqlcdc.capture.offsets.ShardCheckpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the stream still holds everything after the checkpoints: a checkpoint's shard must still be listed (a
 * closed shard is dropped once its records pass the retention period) and the checkpoint's record must be younger
 * than the retention period (else what followed it may have been trimmed). A checkpoint of a shard read to its end
 * needs neither.
 */
final class CheckpointCheck {
  private CheckpointCheck() {
  }

  /** Throws {@link StreamGapException} for the first checkpoint that does not hold. */
  static void verify(String streamArn, Collection<ShardInfo> shards, Map<String, ShardCheckpoint> checkpoints,
      Duration retention, Instant now) {
    Set<String> listed = shards.stream().map(ShardInfo::shardId).collect(Collectors.toSet());
    for (ShardCheckpoint checkpoint : checkpoints.values()) {
      if (checkpoint.ended()) {
        continue;
      }
      if (!listed.contains(checkpoint.shardId())) {
        throw new StreamGapException(streamArn, checkpoint, "the stream no longer has that shard (a closed shard "
            + "is dropped once its records are older than the stream's retention of " + retention.toHours() + " h)");
      }
      if (checkpoint.arrival() != null && checkpoint.arrival().plus(retention).isBefore(now)) {
        throw new StreamGapException(streamArn, checkpoint, "its record is older than the stream's retention of "
            + retention.toHours() + " h, so the records after it may have been trimmed");
      }
    }
  }
}
