package io.dsqlcdc.capture.kinesis;

import io.dsqlcdc.capture.changestream.ShardRecord;
import io.dsqlcdc.capture.offsets.ShardCheckpoint;
import io.dsqlcdc.capture.retry.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads one shard with GetRecords, in order, from where {@link ShardLineage} says it starts. Keeps the last sequence
 * number read, so that an expired iterator (unused for 5 minutes) is re-opened right after it, and the shard's
 * {@code MillisBehindLatest}. A throttled call ({@code ProvisionedThroughputExceeded}, {@code LimitExceeded}) backs
 * this shard off, not the others. The shard has ended when GetRecords gives no next iterator.
 */
final class ShardReader {
  /** Kinesis serves at most 5 GetRecords calls per second per shard. */
  static final Duration MIN_CALL_INTERVAL = Duration.ofMillis(200);

  private final KinesisClient kinesis;
  private final String streamArn;
  private final String shardId;
  private final ShardCheckpoint checkpoint;
  private final Backoff throttleBackoff;
  private final Duration idlePause;
  private final Clock clock;
  private final VisibilityDelay visibility;
  private IteratorPosition position;
  private String iterator;
  private Instant openedAt;
  private String lastSequenceNumber;
  private Instant lastArrival;
  private boolean caughtUp;
  private long millisBehindLatest;
  /** Records that arrived before this were returned by the last GetRecords; null before the first. */
  private Instant readUpTo;
  private boolean ended;
  private List<String> childShardIds = List.of();
  private Instant readyAt;
  private int throttledAttempts;

  ShardReader(KinesisClient kinesis, String streamArn, String shardId, IteratorPosition start,
      ShardCheckpoint checkpoint, Backoff throttleBackoff, Duration idlePause, Clock clock,
      VisibilityDelay visibility) {
    this.kinesis = kinesis;
    this.streamArn = streamArn;
    this.shardId = shardId;
    this.position = start;
    this.checkpoint = checkpoint;
    this.throttleBackoff = throttleBackoff;
    this.idlePause = idlePause;
    this.clock = clock;
    this.visibility = visibility;
    this.readyAt = clock.instant();
  }

  String shardId() {
    return shardId;
  }

  /** The shard was read to its end: every record of it was returned by {@link #read}. */
  boolean ended() {
    return ended;
  }

  /** The shards that continue this one, as GetRecords named them at its end; empty before. */
  List<String> childShardIds() {
    return childShardIds;
  }

  /** When the next {@link #read} may call Kinesis (GetRecords' rate limit, idle pause or throttling back-off). */
  Instant readyAt() {
    return readyAt;
  }

  /** The sequence number of the last record read, or null before the first. */
  String lastSequenceNumber() {
    return lastSequenceNumber;
  }

  /** The arrival time of the last record read, or null before the first. */
  Instant lastArrival() {
    return lastArrival;
  }

  /** The last GetRecords call reached the shard's newest record. */
  boolean caughtUp() {
    return caughtUp;
  }

  /** How far the last GetRecords call was from the shard's newest record; 0 once ended. */
  long millisBehindLatest() {
    return millisBehindLatest;
  }

  /**
   * The arrival time up to which the shard has been read; null before the first call. Caught up, it is when the last
   * GetRecords was asked. Behind, it is no later than the last record returned: {@code MillisBehindLatest} alone
   * does not tell (AWS counts it from the present, kinesis-local from the shard's newest record).
   */
  Instant readUpTo() {
    return readUpTo;
  }

  private Instant readUpTo(Instant called, List<ShardRecord> records) {
    if (millisBehindLatest == 0) {
      return called;
    }
    Instant behind = called.minusMillis(millisBehindLatest);
    if (records.isEmpty()) {
      return readUpTo == null || behind.isBefore(readUpTo) ? behind : readUpTo;
    }
    Instant last = records.get(records.size() - 1).arrival();
    return last.isBefore(behind) ? last : behind;
  }

  /**
   * The shard's next records, at most {@code limit}; none when it is throttled, idle or its iterator had to be
   * re-opened.
   *
   * @throws StreamGapException when the checkpoint's record is no longer in the shard
   */
  List<ShardRecord> read(int limit) {
    open();
    if (ended || iterator == null) {
      return List.of();
    }
    try {
      Instant called = clock.instant();
      GetRecordsResponse response = kinesis.getRecords(r -> r.shardIterator(iterator).limit(limit));
      throttledAttempts = 0;
      List<ShardRecord> records = response.records().stream()
          .map(r -> new ShardRecord(shardId, r.sequenceNumber(), r.approximateArrivalTimestamp(),
              r.data().asByteArray()))
          .toList();
      // the earliest arrival shows the longest delay: the others teach nothing more
      records.stream().map(ShardRecord::arrival).min(Comparator.naturalOrder())
          .ifPresent(earliest -> visibility.observe(shardId, readUpTo, earliest));
      if (!records.isEmpty()) {
        lastSequenceNumber = records.get(records.size() - 1).sequenceNumber();
        lastArrival = records.get(records.size() - 1).arrival();
      }
      Long behind = response.millisBehindLatest();
      millisBehindLatest = behind == null ? 0 : behind;
      caughtUp = millisBehindLatest == 0;
      iterator = response.nextShardIterator();
      if (iterator == null) {
        ended = true;
        millisBehindLatest = 0;
        childShardIds = response.childShards().stream().map(ChildShard::shardId).toList();
      }
      readUpTo = readUpTo(called, records);
      boolean idle = records.isEmpty() && caughtUp;
      readyAt = clock.instant().plus(idle ? idlePause : MIN_CALL_INTERVAL);
      return records;
    } catch (ExpiredIteratorException e) {
      reopenAfterLastRead();
      readyAt = clock.instant();
      return List.of();
    } catch (KinesisException e) {
      backOffIfThrottled(e);
      return List.of();
    }
  }

  /**
   * Opens the shard's iterator unless it is open: at once when the reader starts, so that LATEST means the moment
   * the shard was opened, not its first read.
   *
   * @throws StreamGapException when the checkpoint's record is no longer in the shard
   */
  void open() {
    if (iterator != null || ended || readyAt.isAfter(clock.instant())) {
      return;
    }
    try {
      iterator = openIterator();
    } catch (KinesisException e) {
      backOffIfThrottled(e);
    }
  }

  private void backOffIfThrottled(KinesisException e) {
    if (!Throttling.isThrottle(e)) {
      throw e;
    }
    throttledAttempts++;
    readyAt = clock.instant().plus(throttleBackoff.delay(throttledAttempts));
  }

  private String openIterator() {
    openedAt = clock.instant();
    try {
      return kinesis.getShardIterator(r -> position.applyTo(r.streamARN(streamArn).shardId(shardId)))
          .shardIterator();
    } catch (ResourceNotFoundException | InvalidArgumentException e) {
      if (checkpoint != null && lastSequenceNumber == null
          && position.type() == ShardIteratorType.AFTER_SEQUENCE_NUMBER) {
        throw new StreamGapException(streamArn, checkpoint,
            "the shard no longer holds that record (" + e.awsErrorDetails().errorMessage() + ")");
      }
      throw e;
    }
  }

  /**
   * An expired iterator is no gap: the next one starts right after the last record read, or where the first one
   * started; one that started at LATEST starts at the instant it was opened, so records put since are not skipped.
   */
  private void reopenAfterLastRead() {
    iterator = null;
    if (lastSequenceNumber != null) {
      position = IteratorPosition.afterSequenceNumber(lastSequenceNumber);
    } else if (position.type() == ShardIteratorType.LATEST) {
      position = IteratorPosition.atTimestamp(openedAt);
    }
  }
}
