package io.dsqlcdc.capture.offsets;

import java.util.Map;

/**
 * Where stream mode stands in DSQL's change stream, written to the offsets topic in a transaction no earlier than
 * the events of every record it covers: reading resumes after each shard's position, and the key states' high-water
 * drops what was emitted already. So a checkpoint may lag what was emitted; it never leads it.
 *
 * @param streamArn     the Kinesis stream the positions belong to (a different stream starts over)
 * @param startAtMillis where a shard without a position starts reading (arrival time, epoch ms): the position noted
 *                      before the snapshot, or null to start at the spec's start position
 * @param shards        per shard id, how far its records were released (emitted or dropped)
 */
public record StreamCheckpoint(String streamArn, Long startAtMillis, Map<String, ShardCheckpoint> shards) {

  public StreamCheckpoint {
    shards = Map.copyOf(shards);
  }

  /** The checkpoint of a stream nothing was read from yet. */
  public static StreamCheckpoint startingAt(String streamArn, Long startAtMillis) {
    return new StreamCheckpoint(streamArn, startAtMillis, Map.of());
  }

  /** The same, with {@code next} as its shard positions. */
  public StreamCheckpoint withShards(Map<String, ShardCheckpoint> next) {
    return new StreamCheckpoint(streamArn, startAtMillis, next);
  }
}
