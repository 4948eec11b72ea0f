package io.dsqlcdc.capture.kinesis;

import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A shard as ListShards describes it: its parents (one after a split, two after a merge, none for an original
 * shard) and whether it is closed (it has an ending sequence number: no records are added, its children take over).
 */
public record ShardInfo(String shardId, String parentShardId, String adjacentParentShardId, boolean closed) {

  static ShardInfo of(Shard shard) {
    return new ShardInfo(shard.shardId(), shard.parentShardId(), shard.adjacentParentShardId(),
        shard.sequenceNumberRange() != null && shard.sequenceNumberRange().endingSequenceNumber() != null);
  }

  /** The ids of its parents, zero to two. */
  public List<String> parents() {
    return Stream.of(parentShardId, adjacentParentShardId).filter(p -> p != null).toList();
  }
}
