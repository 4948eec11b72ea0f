package io.dsqlcdc.capture.sink;

/** What the transactional writer commits: a table's events, key states and offset, or the change stream's position. */
public sealed interface WriteBatch permits TableBatch, StreamCheckpointBatch {
  /** Kafka records the batch adds to a transaction. */
  int records();
}
