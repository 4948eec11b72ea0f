package io.dsqlcdc.capture.sink;

import io.dsqlcdc.capture.offsets.StreamCheckpoint;

/**
 * The change stream's position, written to the offsets topic in the transaction that takes it: submitted after the
 * table batches of the records it covers, so it commits with them or after them, never before.
 *
 * @param onCommitted called after the commit
 */
public record StreamCheckpointBatch(StreamCheckpoint checkpoint, Runnable onCommitted) implements WriteBatch {
  @Override
  public int records() {
    return 1;
  }
}
