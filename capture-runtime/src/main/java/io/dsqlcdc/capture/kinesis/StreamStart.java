package io.dsqlcdc.capture.kinesis;

import io.dsqlcdc.api.spec.StartPosition;
import java.time.Instant;
import java.util.Objects;

/**
 * Where shards without a checkpoint start: at the records put from now on ({@link #latest()}), at the oldest record
 * the stream retains ({@link #trimHorizon()}), or at the first record that arrived at or after an instant
 * ({@link #atTimestamp}: a start position that a restart can repeat exactly). A shard that is a child of a shard
 * the reader reads (a split or merge while reading, or after a checkpoint) always starts at its beginning.
 */
public record StreamStart(Kind kind, Instant timestamp) {

  /** The three ways to start. */
  public enum Kind { LATEST, TRIM_HORIZON, AT_TIMESTAMP }

  public StreamStart {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.AT_TIMESTAMP) != (timestamp != null)) {
      throw new IllegalArgumentException("a timestamp goes with AT_TIMESTAMP and only with it");
    }
  }

  public static StreamStart latest() {
    return new StreamStart(Kind.LATEST, null);
  }

  public static StreamStart trimHorizon() {
    return new StreamStart(Kind.TRIM_HORIZON, null);
  }

  public static StreamStart atTimestamp(Instant timestamp) {
    return new StreamStart(Kind.AT_TIMESTAMP, Objects.requireNonNull(timestamp, "timestamp"));
  }

  /** The spec's {@code changeStream.startPosition}. */
  public static StreamStart of(StartPosition position) {
    return position == StartPosition.TRIM_HORIZON ? trimHorizon() : latest();
  }
}
