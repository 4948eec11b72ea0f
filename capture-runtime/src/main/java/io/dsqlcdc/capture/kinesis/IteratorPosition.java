package io.dsqlcdc.capture.kinesis;

import java.time.Instant;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Where a shard iterator is opened: one of GetShardIterator's iterator types with its argument. */
record IteratorPosition(ShardIteratorType type, String sequenceNumber, Instant timestamp) {

  static IteratorPosition afterSequenceNumber(String sequenceNumber) {
    return new IteratorPosition(ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequenceNumber, null);
  }

  static IteratorPosition trimHorizon() {
    return new IteratorPosition(ShardIteratorType.TRIM_HORIZON, null, null);
  }

  static IteratorPosition latest() {
    return new IteratorPosition(ShardIteratorType.LATEST, null, null);
  }

  static IteratorPosition atTimestamp(Instant timestamp) {
    return new IteratorPosition(ShardIteratorType.AT_TIMESTAMP, null, timestamp);
  }

  GetShardIteratorRequest.Builder applyTo(GetShardIteratorRequest.Builder request) {
    return request.shardIteratorType(type).startingSequenceNumber(sequenceNumber).timestamp(timestamp);
  }

  @Override
  public String toString() {
    return switch (type) {
      case AFTER_SEQUENCE_NUMBER, AT_SEQUENCE_NUMBER -> type + " " + sequenceNumber;
      case AT_TIMESTAMP -> type + " " + timestamp;
      default -> type.toString();
    };
  }
}
