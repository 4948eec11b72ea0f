package io.dsqlcdc.capture.kinesis;

import java.time.Instant;

/**
 * One Kinesis record as the reader hands it on: the shard it was read from, its sequence number (the checkpoint
 * unit), the time Kinesis accepted it ({@code ApproximateArrivalTimestamp}) and its data, the bytes DSQL put.
 */
public record ShardRecord(String shardId, String sequenceNumber, Instant arrival, byte[] data) {
}
