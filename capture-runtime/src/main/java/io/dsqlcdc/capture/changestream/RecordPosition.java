package io.dsqlcdc.capture.changestream;

/** Where a Kinesis record was read: its shard and its sequence number in that shard. */
public record RecordPosition(String shardId, String sequenceNumber) {

  @Override
  public String toString() {
    return "shard " + shardId + " sequence number " + sequenceNumber;
  }
}
