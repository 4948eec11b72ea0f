package io.dsqlcdc.capture.kinesis;

import io.dsqlcdc.capture.offsets.ShardCheckpoint;
import io.dsqlcdc.capture.changestream.ShardRecord;

import io.dsqlcdc.api.spec.ChangeStreamSpec;
import io.dsqlcdc.capture.retry.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Reads every shard of a Kinesis data stream with the AWS SDK's client: from the checkpoints, else from a start
 * position; children of a split or merge only after their parents were read to their end; each shard in order;
 * the shards in step by arrival time, a shard with a backlog holding back those read further ahead.
 * {@link #poll()} returns a bounded batch from the shards that are due. Nothing is checkpointed here: the caller
 * stores what it released and passes it to {@link #open} on restart.
 *
 * <p>Not thread-safe: one thread polls.
 */
public final class StreamReader implements AutoCloseable {

  /**
   * {@code recordsPerCall}: GetRecords' limit (1-10000); {@code maxRecordsPerPoll}: a batch's bound;
   * {@code idlePause}: how long a caught-up shard waits before it is asked again; {@code maxShardSkew}: how far
   * (in arrival time) a shard may be read ahead of the slowest shard with a backlog; {@code throttleBackoff}: the
   * wait of a throttled shard or call.
   */
  public record Options(int recordsPerCall, int maxRecordsPerPoll, Duration idlePause, Duration maxShardSkew,
      Backoff throttleBackoff, Clock clock) {

    public Options {
      if (recordsPerCall < 1 || recordsPerCall > 10_000) {
        throw new IllegalArgumentException("recordsPerCall must be 1-10000, got " + recordsPerCall);
      }
      if (maxRecordsPerPoll < 1) {
        throw new IllegalArgumentException("maxRecordsPerPoll must be at least 1, got " + maxRecordsPerPoll);
      }
    }

    public static Options defaults() {
      return new Options(1000, 5000, Duration.ofMillis(500), Duration.ofMillis(500),
          Backoff.withFullJitter(Duration.ofMillis(200), Duration.ofSeconds(10)), Clock.systemUTC());
    }
  }

  private final KinesisClient kinesis;
  private final String streamArn;
  private final Options options;
  private final ShardDiscovery discovery;
  private final ShardLineage lineage;
  private final Duration retention;
  private final Instant openedAt;
  private final VisibilityDelay visibility;
  private final Map<String, ShardCheckpoint> checkpoints;
  private final Map<String, ShardReader> reading = new LinkedHashMap<>();
  private final Map<String, Long> lag = new LinkedHashMap<>();
  private final Map<String, Instant> readUpTo = new LinkedHashMap<>();
  private final Map<String, String> position = new LinkedHashMap<>();
  private final Set<String> finished = new LinkedHashSet<>();
  /** Children named at a parent's end that ListShards did not list yet: listed again at every poll until it does. */
  private final Set<String> awaitedChildren = new LinkedHashSet<>();
  private int nextShard;

  private StreamReader(KinesisClient kinesis, String streamArn, Map<String, ShardCheckpoint> checkpoints,
      StreamStart start, Options options) {
    this.kinesis = kinesis;
    this.streamArn = streamArn;
    this.options = options;
    this.checkpoints = Map.copyOf(checkpoints);
    this.discovery = new ShardDiscovery(kinesis, streamArn, options.throttleBackoff());
    this.lineage = new ShardLineage(checkpoints, start);
    this.openedAt = options.clock().instant();
    this.visibility = new VisibilityDelay(options.clock());
    this.retention = discovery.retention();
    List<ShardInfo> shards = discovery.listShards();
    CheckpointCheck.verify(streamArn, shards, this.checkpoints, retention, options.clock().instant());
    startReaders(shards);
  }

  /**
   * Opens the spec's stream with a client from {@link KinesisClients} (the default credentials chain).
   *
   * @param checkpoints per shard id, what was released before (empty on the first start)
   * @param start where shards without a checkpoint start
   * @throws StreamGapException when a checkpoint's shard or record is gone, or older than the stream's retention
   */
  public static StreamReader open(ChangeStreamSpec stream, Map<String, ShardCheckpoint> checkpoints,
      StreamStart start) {
    return open(KinesisClients.create(stream), stream.kinesisStreamArn(), checkpoints, start, Options.defaults());
  }

  /** Opens a stream with a client the reader then owns and closes. */
  public static StreamReader open(KinesisClient kinesis, String streamArn, Map<String, ShardCheckpoint> checkpoints,
      StreamStart start, Options options) {
    try {
      return new StreamReader(kinesis, streamArn, checkpoints, start, options);
    } catch (RuntimeException e) {
      kinesis.close();
      throw e;
    }
  }

  /**
   * The next records of the shards that are due, each shard's in order, at most
   * {@link Options#maxRecordsPerPoll()}. When no shard is due yet, waits until the first is (at most the idle
   * pause). A shard read to its end in this call is in {@link #finishedShards()} afterwards, and its children are
   * read from the next call on.
   *
   * @throws StreamGapException when a checkpoint's record is no longer in its shard
   */
  public List<ShardRecord> poll() throws InterruptedException {
    List<ShardReader> readers = inStep();
    awaitFirstDue(readers);
    List<ShardRecord> batch = new ArrayList<>();
    boolean anyEnded = false;
    Instant now = options.clock().instant();
    for (int i = 0; i < readers.size() && batch.size() < options.maxRecordsPerPoll(); i++) {
      ShardReader reader = readers.get((nextShard + i) % readers.size());
      if (reader.readyAt().isAfter(now)) {
        continue;
      }
      batch.addAll(reader.read(Math.min(options.recordsPerCall(), options.maxRecordsPerPoll() - batch.size())));
      lag.put(reader.shardId(), reader.millisBehindLatest());
      if (reader.readUpTo() != null) {
        readUpTo.put(reader.shardId(), reader.readUpTo());
      }
      if (reader.lastSequenceNumber() != null) {
        position.put(reader.shardId(), reader.lastSequenceNumber());
      }
      if (reader.ended()) {
        reading.remove(reader.shardId());
        lineage.finished(reader.shardId());
        finished.add(reader.shardId());
        awaitedChildren.addAll(reader.childShardIds());
        anyEnded = true;
      }
    }
    nextShard = readers.isEmpty() ? 0 : (nextShard + 1) % readers.size();
    if (anyEnded || !awaitedChildren.isEmpty()) {
      List<ShardInfo> shards = discovery.listShards();
      startReaders(shards);
      shards.forEach(shard -> awaitedChildren.remove(shard.shardId()));
    }
    return batch;
  }

  /**
   * The shards that are not ahead of the slowest shard with a backlog by more than the allowed skew: reading the
   * shards in step (by arrival time) keeps a backlog's cross-shard reordering what it was when the records arrived,
   * so that the grace window can still order each key's versions. The slowest shard itself is always in step.
   */
  private List<ShardReader> inStep() {
    Instant slowest = reading.values().stream().filter(r -> !r.caughtUp() && r.lastArrival() != null)
        .map(ShardReader::lastArrival).min(Comparator.naturalOrder()).orElse(null);
    return reading.values().stream().filter(r -> slowest == null || r.lastArrival() == null
        || !r.lastArrival().isAfter(slowest.plus(options.maxShardSkew()))).toList();
  }

  private void awaitFirstDue(List<ShardReader> readers) throws InterruptedException {
    Instant first = readers.stream().map(ShardReader::readyAt).min(Comparator.naturalOrder())
        .orElse(options.clock().instant().plus(options.idlePause()));
    Duration wait = Duration.between(options.clock().instant(), first);
    if (wait.compareTo(options.idlePause()) > 0) {
      wait = options.idlePause();
    }
    if (!wait.isNegative() && !wait.isZero()) {
      Thread.sleep(wait.toMillis());
    }
  }

  private void startReaders(List<ShardInfo> shards) {
    lineage.update(shards).forEach((shardId, start) -> {
      ShardReader reader = new ShardReader(kinesis, streamArn, shardId, start, checkpoints.get(shardId),
          options.throttleBackoff(), options.idlePause(), options.clock(), visibility);
      reader.open();
      reading.put(shardId, reader);
      lag.putIfAbsent(shardId, 0L);
    });
  }

  /**
   * Per shard being read, the arrival time up to which it has been read (null until its first GetRecords): every
   * record of the shard that arrived earlier was returned by {@link #poll()}.
   */
  public Map<String, Instant> readUpTo() {
    Map<String, Instant> out = new LinkedHashMap<>();
    reading.keySet().forEach(shard -> out.put(shard, readUpTo.get(shard)));
    return out;
  }

  /**
   * How long after its arrival a record may still be missing from GetRecords: the shards are read up to
   * {@link #readUpTo()} less this ({@link VisibilityDelay}, learned from the records that came late).
   */
  public Duration visibilityDelay() {
    return visibility.current();
  }

  /** The shards being read now (their parents, if any, are done). */
  public Set<String> readingShards() {
    return Set.copyOf(reading.keySet());
  }

  /** The shards read to their end by this reader: every record of each was returned by {@link #poll()}. */
  public Set<String> finishedShards() {
    return Set.copyOf(finished);
  }

  /** Per shard read by this reader, its last {@code MillisBehindLatest} (0 for a shard read to its end). */
  public Map<String, Long> lag() {
    return Map.copyOf(lag);
  }

  /** Per shard, the sequence number of the last record read (what was read, not what was released). */
  public Map<String, String> position() {
    return Map.copyOf(position);
  }

  /**
   * When the reader opened its shards (this machine's clock). A first start at LATEST that must be repeatable
   * (a restart before any checkpoint, a snapshot's hand-over) stores it and restarts with
   * {@link StreamStart#atTimestamp}; Kinesis compares it with its own arrival times, so clock skew shifts it.
   */
  public Instant openedAt() {
    return openedAt;
  }

  /** The stream's retention period, read at open. */
  public Duration retention() {
    return retention;
  }

  public String streamArn() {
    return streamArn;
  }

  @Override
  public void close() {
    kinesis.close();
  }
}
