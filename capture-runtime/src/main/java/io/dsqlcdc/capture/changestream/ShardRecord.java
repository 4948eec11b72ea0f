package io.dsqlcdc.capture.changestream;

import java.time.Instant;

/**
 * One Kinesis record as the shard reader hands it over.
 *
 * @param arrival when this process received the record (not Kinesis' approximate arrival time): the grace window
 *                and the fragment timeout count from it
 * @param data    the record's data blob: one DSQL CDC JSON document
 */
public record ShardRecord(String shardId, String sequenceNumber, Instant arrival, byte[] data) {

  public RecordPosition position() {
    return new RecordPosition(shardId, sequenceNumber);
  }
}
