package io.dsqlcdc.testsupport.kinesis;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Acts out Aurora DSQL's change stream in tests: a test's transactions run on a real PostgreSQL, and for each commit
 * the simulator publishes to a Kinesis stream the records DSQL would: one per changed row after write-set
 * compaction, all stamped with the transaction's commit time ({@code source.ts_ns}) and {@code txId}, encoded by
 * {@link DsqlCdcRecordEncoder}, each put with a random partition key.
 *
 * <pre>{@code
 * try (DsqlStreamSimulator dsql = DsqlStreamSimulator.builder(pg.superuserDataSource(), kinesis.client(), "cdc")
 *     .duplicateFraction(0.1).maxDelay(Duration.ofSeconds(1)).seed(42).build()) {
 *   dsql.transaction(tx -> {
 *     tx.insert("orders", Map.of("id", 1, "status", "new"));
 *     tx.update("orders", Map.of("id", 1), Map.of("status", "paid"));
 *   });
 *   dsql.flush();
 * }
 * }</pre>
 *
 * <p>The commit time is taken from the system clock after PostgreSQL's COMMIT returned, under a lock held across
 * COMMIT and stamping, so commit times strictly increase in commit order (also between threads), and a change whose
 * commit time is below the start time of a snapshot (read from the same clock) was committed before that snapshot
 * began: the snapshot sees it. A change stamped at or above the snapshot's start may or may not be in it.
 *
 * <p>Knobs, as DSQL's delivery allows (at least once, unordered, fragments): {@link Builder#duplicateFraction}
 * (each Kinesis record, fragments included, is put a second time with this probability, with the same data and
 * another partition key), {@link Builder#maxDelay} (each put waits a random 0..max, so records reach the shards in
 * another order than the commits), {@link Builder#fragmentThreshold} (records above it are chunked; tests use a few
 * KiB instead of DSQL's 9 MiB), {@link #loseNextFragment()}, {@link Builder#omitNullColumns} (NULL columns left out
 * of {@code after}, as preview users reported), and resharding mid-test ({@link #splitShard()},
 * {@link #mergeShards()}, {@link #updateShardCount(int)}). The random choices come from one seeded {@link Random}:
 * a single-threaded test gets the same records, ids and delays on every run.
 */
public final class DsqlStreamSimulator implements AutoCloseable {
  /** 55,000 records took 3 minutes to put into kinesis-local on a busy 2-core machine. */
  private static final Duration FLUSH_TIMEOUT = Duration.ofMinutes(10);
  /** Callers putting records at once when they are delayed (reordered). */
  private static final int PUBLISHERS = 8;
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private final DataSource dataSource;
  private final KinesisClient kinesis;
  private final String streamName;
  private final double duplicateFraction;
  private final Duration maxDelay;
  private final boolean omitNullColumns;
  private final Random random;
  private final DsqlCdcRecordEncoder encoder;
  private final DelayedPublisher publisher;
  private final Map<String, TableShape> shapes = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<Connection> idleConnections = new ConcurrentLinkedDeque<>();
  private final Object commitLock = new Object();
  private final AtomicBoolean loseNextFragment = new AtomicBoolean();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong chunkedChanges = new AtomicLong();
  private final AtomicLong fragments = new AtomicLong();
  private final AtomicLong fragmentsLost = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private long lastCommitTsNs;

  private DsqlStreamSimulator(Builder builder) {
    this.dataSource = builder.dataSource;
    this.kinesis = builder.kinesis;
    this.streamName = builder.streamName;
    this.duplicateFraction = builder.duplicateFraction;
    this.maxDelay = builder.maxDelay;
    this.omitNullColumns = builder.omitNullColumns;
    this.random = new Random(builder.seed);
    this.encoder = new DsqlCdcRecordEncoder(builder.cluster, builder.fragmentThreshold, this::newChunkId);
    this.publisher = new DelayedPublisher(kinesis, streamName, maxDelay.isZero() ? 1 : PUBLISHERS);
  }

  /** A simulator writing through {@code dataSource} (e.g. PostgresExtension's superuser), publishing to the stream. */
  public static Builder builder(DataSource dataSource, KinesisClient kinesis, String streamName) {
    return new Builder(dataSource, kinesis, streamName);
  }

  /** Options of a {@link DsqlStreamSimulator}; the defaults deliver every record once, at once, unsplit below 9 MiB. */
  public static final class Builder {
    private final DataSource dataSource;
    private final KinesisClient kinesis;
    private final String streamName;
    private double duplicateFraction;
    private Duration maxDelay = Duration.ZERO;
    private int fragmentThreshold = DsqlCdcRecordEncoder.DSQL_FRAGMENT_THRESHOLD;
    private boolean omitNullColumns;
    private long seed = 1;
    private String cluster = "kmabugltfmjdaj2siqr2qbxgju";

    private Builder(DataSource dataSource, KinesisClient kinesis, String streamName) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
      this.streamName = Objects.requireNonNull(streamName, "streamName");
    }

    /** The probability (0..1) that a Kinesis record is delivered twice. */
    public Builder duplicateFraction(double fraction) {
      if (fraction < 0 || fraction > 1) {
        throw new IllegalArgumentException("duplicate fraction outside 0..1: " + fraction);
      }
      this.duplicateFraction = fraction;
      return this;
    }

    /** Each put waits a random 0..max before it is made (zero: put at once, in commit order). */
    public Builder maxDelay(Duration max) {
      if (max.isNegative()) {
        throw new IllegalArgumentException("negative delay: " + max);
      }
      this.maxDelay = max;
      return this;
    }

    /** Records whose JSON exceeds this many bytes are split into a chunked record and fragments. */
    public Builder fragmentThreshold(int bytes) {
      this.fragmentThreshold = bytes;
      return this;
    }

    /** Leaves NULL columns out of {@code after} instead of writing them as JSON null. */
    public Builder omitNullColumns(boolean omit) {
      this.omitNullColumns = omit;
      return this;
    }

    /** The seed of every random choice (partition keys, txIds, chunk ids, duplicates, delays, lost fragments). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The {@code source.cluster} of the records. */
    public Builder cluster(String cluster) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
      return this;
    }

    public DsqlStreamSimulator build() {
      return new DsqlStreamSimulator(this);
    }
  }

  /**
   * A committed transaction: its commit time, its id, and its compacted changes with the rows as PostgreSQL stored
   * them ({@link Builder#omitNullColumns} changes only what is published).
   */
  public record Commit(long tsNs, String txId, List<RowChange> changes) {
    public Commit {
      changes = List.copyOf(changes);
    }
  }

  /**
   * What was published so far; {@code longestPutLateness}: the longest a put was answered after its record was due
   * (how much more than {@link Builder#maxDelay} a record may have been delayed).
   */
  public record Counters(long transactions, long changes, long chunkedChanges, long fragments, long fragmentsLost,
      long duplicates, long recordsPut, Duration longestPutLateness) {
  }

  /**
   * Runs the work in one PostgreSQL transaction, commits it, and publishes its compacted changes; a failing work
   * rolls back and publishes nothing. Safe to call from several threads (commits are serialized).
   */
  public Commit transaction(Consumer<SimulatedTransaction> work) {
    Connection connection = borrowConnection();
    boolean healthy = false;
    try {
      connection.setAutoCommit(false);
      SimulatedTransaction transaction = new SimulatedTransaction(connection,
          table -> shapes.computeIfAbsent(table, name -> loadShape(connection, name)));
      try {
        work.accept(transaction);
      } catch (RuntimeException e) {
        connection.rollback();
        healthy = true;
        throw e;
      }
      long tsNs;
      String txId;
      synchronized (commitLock) {
        connection.commit();
        tsNs = nextCommitTsNs();
        txId = newTxId();
      }
      healthy = true;
      List<RowChange> compacted = transaction.writes().compacted();
      publish(compacted, tsNs, txId);
      transactions.incrementAndGet();
      return new Commit(tsNs, txId, compacted);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } finally {
      returnConnection(connection, healthy);
    }
  }

  private TableShape loadShape(Connection connection, String table) {
    try {
      return TableShape.load(connection, table);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the shape of " + table + ": " + e.getMessage(), e);
    }
  }

  private long nextCommitTsNs() {
    Instant now = Instant.now();
    long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    lastCommitTsNs = Math.max(lastCommitTsNs + 1, nowNs);
    return lastCommitTsNs;
  }

  private void publish(List<RowChange> compacted, long tsNs, String txId) {
    for (RowChange change : compacted) {
      RowChange published = omitNullColumns ? withoutNullColumns(change) : change;
      Instant now = Instant.now();
      long processedNs = Math.max(tsNs, now.getEpochSecond() * 1_000_000_000L + now.getNano());
      DsqlCdcRecordEncoder.Encoded encoded = encoder.encode(published, tsNs, txId, processedNs);
      changes.incrementAndGet();
      List<byte[]> records = new ArrayList<>();
      records.add(encoded.main());
      if (encoded.chunked()) {
        chunkedChanges.incrementAndGet();
        List<byte[]> kept = new ArrayList<>(encoded.fragments());
        if (loseNextFragment.getAndSet(false)) {
          kept.remove(nextInt(kept.size()));
          fragmentsLost.incrementAndGet();
        }
        fragments.addAndGet(kept.size());
        records.addAll(kept);
      }
      records.forEach(this::deliver);
    }
  }

  private static RowChange withoutNullColumns(RowChange change) {
    if (change.after() == null) {
      return change;
    }
    Map<String, Object> after = new LinkedHashMap<>();
    change.after().forEach((column, value) -> {
      if (value != null) {
        after.put(column, value);
      }
    });
    return new RowChange(change.schema(), change.table(), change.op(), change.key(), after);
  }

  private void deliver(byte[] data) {
    boolean duplicate;
    synchronized (random) {
      duplicate = duplicateFraction > 0 && random.nextDouble() < duplicateFraction;
    }
    publisher.submit(data, newPartitionKey(), nextDelay());
    if (duplicate) {
      duplicates.incrementAndGet();
      publisher.submit(data, newPartitionKey(), nextDelay());
    }
  }

  /**
   * Publishes this data as one more Kinesis record (delayed like the others, never duplicated), e.g. a record with
   * an op or a field DSQL does not send yet.
   */
  public void publishRaw(byte[] data) {
    publisher.submit(data.clone(), newPartitionKey(), nextDelay());
  }

  /** The next chunked record is published without one of its fragments (chosen at random). */
  public void loseNextFragment() {
    loseNextFragment.set(true);
  }

  /** Waits until every record published so far has been put to the stream; rethrows a failure to put one. */
  public void flush() {
    try {
      publisher.flush(FLUSH_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while flushing", e);
    }
  }

  /** What was published so far. */
  public Counters counters() {
    return new Counters(transactions.get(), changes.get(), chunkedChanges.get(), fragments.get(),
        fragmentsLost.get(), duplicates.get(), publisher.recordsPut(), publisher.longestLateness());
  }

  /** Splits the open shard with the widest hash key range in the middle and waits until the stream is ACTIVE. */
  public void splitShard() {
    Shard widest = openShards().stream().max(Comparator.comparing(DsqlStreamSimulator::width)).orElseThrow();
    BigInteger start = new BigInteger(widest.hashKeyRange().startingHashKey());
    BigInteger middle = start.add(width(widest).shiftRight(1));
    kinesis.splitShard(request -> request.streamName(streamName).shardToSplit(widest.shardId())
        .newStartingHashKey(middle.toString()));
    awaitActive();
  }

  /** Merges the first two adjacent open shards and waits until the stream is ACTIVE. */
  public void mergeShards() {
    List<Shard> open = openShards().stream()
        .sorted(Comparator.comparing(shard -> new BigInteger(shard.hashKeyRange().startingHashKey()))).toList();
    for (int i = 0; i + 1 < open.size(); i++) {
      Shard left = open.get(i);
      Shard right = open.get(i + 1);
      if (new BigInteger(left.hashKeyRange().endingHashKey()).add(BigInteger.ONE)
          .equals(new BigInteger(right.hashKeyRange().startingHashKey()))) {
        kinesis.mergeShards(request -> request.streamName(streamName).shardToMerge(left.shardId())
            .adjacentShardToMerge(right.shardId()));
        awaitActive();
        return;
      }
    }
    throw new IllegalStateException("no two adjacent open shards to merge in " + streamName + ": " + open);
  }

  /** Reshards to this many open shards (uniform scaling) and waits until the stream is ACTIVE. */
  public void updateShardCount(int target) {
    kinesis.updateShardCount(request -> request.streamName(streamName).targetShardCount(target)
        .scalingType(ScalingType.UNIFORM_SCALING));
    awaitActive();
  }

  private List<Shard> openShards() {
    List<Shard> shards = new ArrayList<>();
    String next = null;
    do {
      ListShardsRequest.Builder request = ListShardsRequest.builder();
      if (next == null) {
        request.streamName(streamName).shardFilter(filter -> filter.type(ShardFilterType.AT_LATEST));
      } else {
        request.nextToken(next);
      }
      var response = kinesis.listShards(request.build());
      shards.addAll(response.shards());
      next = response.nextToken();
    } while (next != null);
    return shards;
  }

  private static BigInteger width(Shard shard) {
    return new BigInteger(shard.hashKeyRange().endingHashKey())
        .subtract(new BigInteger(shard.hashKeyRange().startingHashKey()));
  }

  private void awaitActive() {
    Awaitility.await("stream " + streamName + " ACTIVE").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> kinesis.describeStreamSummary(request -> request.streamName(streamName))
            .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
  }

  private Duration nextDelay() {
    if (maxDelay.isZero()) {
      return Duration.ZERO;
    }
    synchronized (random) {
      return Duration.ofNanos((long) (random.nextDouble() * maxDelay.toNanos()));
    }
  }

  private int nextInt(int bound) {
    synchronized (random) {
      return random.nextInt(bound);
    }
  }

  private byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    synchronized (random) {
      random.nextBytes(bytes);
    }
    return bytes;
  }

  private String newPartitionKey() {
    return HexFormat.of().formatHex(randomBytes(16));
  }

  private String newChunkId() {
    return HexFormat.of().formatHex(randomBytes(16));
  }

  /** 128 random bits in base32 (lowercase, unpadded): 26 characters, the shape of DSQL's txIds. */
  private String newTxId() {
    BigInteger bits = new BigInteger(1, randomBytes(16));
    char[] id = new char[26];
    for (int i = id.length - 1; i >= 0; i--) {
      id[i] = BASE32[bits.intValue() & 31];
      bits = bits.shiftRight(5);
    }
    return new String(id);
  }

  private Connection borrowConnection() {
    Connection idle = idleConnections.pollFirst();
    if (idle != null) {
      return idle;
    }
    try {
      Connection connection = dataSource.getConnection();
      try (var statement = connection.createStatement()) {
        // Commits are visible at once either way; not waiting for the WAL flush made 5,000 commits 3x faster.
        statement.execute("SET synchronous_commit TO off");
      }
      return connection;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to PostgreSQL: " + e.getMessage(), e);
    }
  }

  private void returnConnection(Connection connection, boolean healthy) {
    if (healthy) {
      idleConnections.addFirst(connection);
      return;
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // the connection is broken already; a new one replaces it
    }
  }

  /** Stops the puts still waiting (call {@link #flush()} first to deliver them) and closes the connections. */
  @Override
  public void close() {
    publisher.close();
    for (Connection connection = idleConnections.pollFirst(); connection != null;
        connection = idleConnections.pollFirst()) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }
}
