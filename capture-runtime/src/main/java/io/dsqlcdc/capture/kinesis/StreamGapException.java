package io.dsqlcdc.capture.kinesis;

import io.dsqlcdc.capture.offsets.ShardCheckpoint;

/**
 * The stream no longer holds records the pipeline has not relayed: a checkpoint's shard is gone from the stream,
 * or the checkpoint is older than the stream's retention, so what followed it was trimmed. Never skipped over: the
 * lost changes can only be recovered by re-snapshotting the tables.
 */
public final class StreamGapException extends RuntimeException {
  private final String shardId;
  private final transient ShardCheckpoint checkpoint;

  public StreamGapException(String streamArn, ShardCheckpoint checkpoint, String why) {
    super("stream gap in " + streamArn + " at shard " + checkpoint.shardId() + ": the checkpoint is "
        + checkpoint + ", but " + why + ". The changes after the checkpoint are lost to the stream; re-snapshot the "
        + "pipeline's tables (spec.snapshotRequest with a new id) to recover them");
    this.shardId = checkpoint.shardId();
    this.checkpoint = checkpoint;
  }

  public String shardId() {
    return shardId;
  }

  public ShardCheckpoint checkpoint() {
    return checkpoint;
  }
}
