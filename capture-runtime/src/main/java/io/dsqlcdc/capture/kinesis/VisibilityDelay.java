package io.dsqlcdc.capture.kinesis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long after Kinesis stamped a record's arrival ({@code ApproximateArrivalTimestamp}) GetRecords may still not
 * return it. A shard read "up to" some time is only read up to that time less this delay, so the grace window must
 * not count on records stamped within it. Kinesis puts it typically under a second; it grows when the service (or an
 * emulator: kinesis-local stamps a PutRecords batch before it stores it) is slow. So it is learned: a record that
 * arrives stamped before what its shard had already been read up to shows a delay at least that long, and the delay
 * becomes half as much again as the longest seen, at least {@link #FLOOR}, at most {@link #CEILING}; without new
 * evidence the excess over the floor halves every {@link #HALF_LIFE}.
 */
public final class VisibilityDelay {
  /** What Kinesis documents as the typical put-to-get delay, and the least ever assumed. */
  public static final Duration FLOOR = Duration.ofSeconds(1);
  /** The longest assumed: as long as the longest grace window a spec may ask for. */
  public static final Duration CEILING = Duration.ofSeconds(60);
  static final Duration HALF_LIFE = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(VisibilityDelay.class);

  private final Clock clock;
  private long learnedMillis = FLOOR.toMillis();
  private Instant learnedAt;

  public VisibilityDelay(Clock clock) {
    this.clock = clock;
    this.learnedAt = clock.instant();
  }

  /**
   * A record of a shard that an earlier GetRecords had read up to {@code readUpTo} (null: never read) was returned
   * now, stamped {@code arrival}.
   */
  synchronized void observe(String shardId, Instant readUpTo, Instant arrival) {
    if (readUpTo == null || !arrival.isBefore(readUpTo)) {
      return;
    }
    long seen = Duration.between(arrival, readUpTo).toMillis();
    long wanted = Math.min(CEILING.toMillis(), seen + seen / 2);
    if (wanted > currentMillis()) {
      LOG.info("shard {} returned a record {} ms after it had been read past its arrival: records are assumed "
          + "visible {} ms after they arrive from now on", shardId, seen, wanted);
      learnedMillis = wanted;
      learnedAt = clock.instant();
    }
  }

  /** The delay assumed now. */
  public synchronized Duration current() {
    return Duration.ofMillis(currentMillis());
  }

  private long currentMillis() {
    long floor = FLOOR.toMillis();
    double halvings = (double) Duration.between(learnedAt, clock.instant()).toMillis() / HALF_LIFE.toMillis();
    return floor + Math.round((learnedMillis - floor) * Math.pow(0.5, Math.max(0, halvings)));
  }
}
