package io.dsqlcdc.testsupport.kinesis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A record as a stream holds it: its shard, sequence number, arrival time, partition key and data. */
public record StoredRecord(String shardId, String sequenceNumber, Instant arrival, String partitionKey,
    byte[] data) {
  public StoredRecord {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The data as UTF-8 text (DSQL's records are JSON). */
  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }
}
