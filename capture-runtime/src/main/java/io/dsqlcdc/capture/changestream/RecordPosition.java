package io.dsqlcdc.capture.changestream;

import io.dsqlcdc.capture.kinesis.ShardRecord;

/** Where a Kinesis record was read: its shard and its sequence number in that shard. */
public record RecordPosition(String shardId, String sequenceNumber) {

  public static RecordPosition of(ShardRecord record) {
    return new RecordPosition(record.shardId(), record.sequenceNumber());
  }

  @Override
  public String toString() {
    return "shard " + shardId + " sequence number " + sequenceNumber;
  }
}
