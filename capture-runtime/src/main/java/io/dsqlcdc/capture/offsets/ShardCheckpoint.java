package io.dsqlcdc.capture.offsets;

import java.time.Instant;
import java.util.Objects;

/**
 * How far a shard has been relayed: every record up to and including {@code sequenceNumber} was released (emitted
 * or dropped), so reading resumes after it. {@code arrival} is that record's arrival time, which tells whether the
 * stream may already have trimmed what follows it (null when unknown: the retention check is then skipped).
 * {@code ended}: the shard was read to its end and all of it released, so it is not read again and its children
 * are readable; such a checkpoint stays valid after the stream drops the shard.
 */
public record ShardCheckpoint(String shardId, String sequenceNumber, Instant arrival, boolean ended) {

  public ShardCheckpoint {
    Objects.requireNonNull(shardId, "shardId");
    if (!ended) {
      Objects.requireNonNull(sequenceNumber, "sequenceNumber of a shard not read to its end");
    }
  }

  /** Resume after this record. */
  public static ShardCheckpoint after(String shardId, String sequenceNumber, Instant arrival) {
    return new ShardCheckpoint(shardId, sequenceNumber, arrival, false);
  }

  /** The shard was read to its end and every record of it released ({@code sequenceNumber}: its last, if any). */
  public static ShardCheckpoint ended(String shardId, String sequenceNumber, Instant arrival) {
    return new ShardCheckpoint(shardId, sequenceNumber, arrival, true);
  }

  @Override
  public String toString() {
    return ended ? "shard " + shardId + " read to its end"
        : "after sequence number " + sequenceNumber + " of shard " + shardId
            + (arrival == null ? "" : " (record arrived " + arrival + ")");
  }
}
