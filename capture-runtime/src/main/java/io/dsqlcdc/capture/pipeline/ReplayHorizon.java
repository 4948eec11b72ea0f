package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.capture.changestream.RecordPosition;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * How far each shard was read in the relay's earlier sessions, so that a record read again after a rewind and
 * dropped at its key's high-water counts as replayed, not as a duplicate or a straggler. Sequence numbers of a shard
 * grow with its records (Kinesis: numeric strings). Used by the relay's thread only.
 */
final class ReplayHorizon {
  private final Map<String, BigInteger> before = new HashMap<>();
  /** Per shard, the last sequence number read in this session (a shard's records are read in order). */
  private final Map<String, String> current = new HashMap<>();

  /** A record was read in this session. */
  void read(RecordPosition position) {
    current.put(position.shardId(), position.sequenceNumber());
  }

  /** A new session starts: what this one read becomes the horizon. */
  void newSession() {
    current.forEach((shard, sequence) -> before.merge(shard, new BigInteger(sequence), BigInteger::max));
    current.clear();
  }

  /** The record was read in an earlier session. */
  boolean readBefore(RecordPosition position) {
    BigInteger horizon = before.get(position.shardId());
    return horizon != null && new BigInteger(position.sequenceNumber()).compareTo(horizon) <= 0;
  }
}
