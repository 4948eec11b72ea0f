package io.dsqlcdc.capture.changestream;

import java.time.Instant;

/**
 * One Kinesis record as the shard reader hands it over.
 *
 * @param arrival when Kinesis accepted the record ({@code ApproximateArrivalTimestamp}): the grace window and the
 *                fragment timeout count from it, against a clock of stream time (how far every shard has been read),
 *                so a backlog read long after it arrived is ordered as it would have been live
 * @param data    the record's data blob: one DSQL CDC JSON document
 */
public record ShardRecord(String shardId, String sequenceNumber, Instant arrival, byte[] data) {

  public RecordPosition position() {
    return new RecordPosition(shardId, sequenceNumber);
  }
}
