package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.api.spec.ChangeStreamSpec;
import io.dsqlcdc.api.spec.SnapshotMode;
import io.dsqlcdc.api.spec.StartPosition;
import io.dsqlcdc.api.status.TableReasons;
import io.dsqlcdc.capture.changestream.ArrivedChange;
import io.dsqlcdc.capture.changestream.CdcRecord;
import io.dsqlcdc.capture.changestream.CdcRecordException;
import io.dsqlcdc.capture.changestream.CdcRecordParser;
import io.dsqlcdc.capture.changestream.FragmentAssembler;
import io.dsqlcdc.capture.changestream.GraceWindowBuffer;
import io.dsqlcdc.capture.changestream.RecordPosition;
import io.dsqlcdc.capture.changestream.ShardProgress;
import io.dsqlcdc.capture.changestream.ShardRecord;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.kinesis.StreamGapException;
import io.dsqlcdc.capture.kinesis.StreamReader;
import io.dsqlcdc.capture.kinesis.StreamStart;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.offsets.ShardCheckpoint;
import io.dsqlcdc.capture.offsets.StreamCheckpoint;
import io.dsqlcdc.capture.retry.Backoff;
import io.dsqlcdc.capture.sink.SinkFailedException;
import io.dsqlcdc.capture.sink.StreamCheckpointBatch;
import io.dsqlcdc.capture.sink.TransactionalWriter;
import io.dsqlcdc.capture.status.StreamStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Stream mode: relays DSQL's change stream into the tables' events, on a thread of its own. Once every table's worker
 * handed its table over (its snapshot done), it reads every shard from the committed checkpoint, reassembles split
 * records, drops the records of tables not captured, of versions the snapshot read, and duplicates or stragglers at
 * or below their key's high-water, holds the rest for the grace window and emits them per key in commit order. After
 * each round it submits each table's batch and then the stream checkpoint (every shard's released prefix), so the
 * checkpoint commits with or after the events it covers, never before.
 *
 * <p>The grace window counts in stream time: a record is due once every shard has been read past its arrival plus
 * the window (now minus the largest {@code MillisBehindLatest}), so a backlog read long after it arrived is ordered
 * as it would have been live.
 */
final class StreamRelay implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamRelay.class);
  /** Records held in the grace window at most; reading waits while it is full. */
  private static final int MAX_HELD = 200_000;
  /** Bytes of split records held while their pieces arrive. */
  private static final long MAX_FRAGMENT_BYTES = 256L << 20;
  /** A checkpoint that only moved (no events) is submitted at most this often. */
  private static final Duration CHECKPOINT_ONLY_INTERVAL = Duration.ofSeconds(1);
  /** How long a shard start is backdated for clock skew, when the position is noted before a snapshot. */
  static final Duration SNAPSHOT_START_MARGIN = Duration.ofSeconds(5);
  private static final Backoff READ_BACKOFF = Backoff.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30));

  /** A record held in the grace window: its table, its row and the Kinesis records it came in. */
  private record Pending(StreamedTable table, SourceRow row, List<RecordPosition> pieces) {
  }

  private final ChangeStreamSpec spec;
  private final Map<String, StreamedTable> tables = new LinkedHashMap<>();
  private final TransactionalWriter writer;
  private final CaptureMetrics metrics;
  private final Function<Map<String, ShardCheckpoint>, StreamReader> readers;
  private final Consumer<RuntimeException> fatal;
  private final CdcRecordParser parser = new CdcRecordParser();
  private final StreamTime streamTime = new StreamTime();
  private final ShardProgress progress = new ShardProgress();
  private final FragmentAssembler assembler;
  private final GraceWindowBuffer<Pending> buffer;
  private final Set<StreamedTable> dirty = new LinkedHashSet<>();
  private final StreamStatus status;
  private StreamCheckpoint checkpoint;
  private Map<String, ShardCheckpoint> submittedShards = Map.of();
  private long lastCheckpointSubmit;
  private volatile boolean stopping;

  /**
   * @param committed the checkpoint Kafka holds (at least the start position noted on the first start)
   * @param readers   opens the stream at the given shard checkpoints
   */
  StreamRelay(ChangeStreamSpec spec, List<? extends StreamedTable> tables, StreamCheckpoint committed,
              TransactionalWriter writer, CaptureMetrics metrics, StreamStatus status,
              Function<Map<String, ShardCheckpoint>, StreamReader> readers, Consumer<RuntimeException> fatal) {
    this.spec = spec;
    tables.forEach(t -> this.tables.put(t.name(), t));
    this.checkpoint = committed;
    this.writer = writer;
    this.metrics = metrics;
    this.status = status;
    this.readers = readers;
    this.fatal = fatal;
    this.assembler = new FragmentAssembler(spec.fragmentTimeoutDuration(),
        spec.fragmentTimeoutDuration().multipliedBy(10), MAX_FRAGMENT_BYTES, streamTime);
    this.buffer = new GraceWindowBuffer<>(spec.graceWindowDuration(), spec.graceWindowDuration().multipliedBy(10),
        MAX_HELD, streamTime);
  }

  /**
   * Where a pipeline that never read the stream starts: for a snapshot, the position noted before it begins
   * (backdated by a margin; the snapshot floor drops what it read); else the spec's start position, made repeatable:
   * latest as the time of this first start, so a restart before anything was relayed starts at the same place.
   */
  static StreamCheckpoint firstStart(ChangeStreamSpec spec, SnapshotMode snapshot, Instant now) {
    if (snapshot == SnapshotMode.INITIAL) {
      return StreamCheckpoint.startingAt(spec.kinesisStreamArn(), now.minus(SNAPSHOT_START_MARGIN).toEpochMilli());
    }
    Long start = spec.startPosition() == StartPosition.TRIM_HORIZON ? null : now.toEpochMilli();
    return StreamCheckpoint.startingAt(spec.kinesisStreamArn(), start);
  }

  /** Where shards without a checkpoint start. */
  static StreamStart startOf(StreamCheckpoint checkpoint) {
    return checkpoint.startAtMillis() == null ? StreamStart.trimHorizon()
        : StreamStart.atTimestamp(Instant.ofEpochMilli(checkpoint.startAtMillis()));
  }

  void stop() {
    stopping = true;
  }

  @Override
  public void run() {
    try {
      if (!awaitHandOver()) {
        return;
      }
      checkpoint.shards().values().forEach(progress::resume);
      submittedShards = progress.checkpoint();
      try (StreamReader reader = readers.apply(checkpoint.shards())) {
        LOG.info("relaying change stream {} into {} table(s) from {}", spec.kinesisStreamArn(), tables.size(),
            checkpoint.shards().isEmpty() ? startOf(checkpoint) : checkpoint.shards().size() + " shard checkpoint(s)");
        relay(reader);
      }
      submit(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (StreamGapException e) {
      failTables(TableReasons.STREAM_GAP, e.getMessage());
      status.failed(TableReasons.STREAM_GAP, e.getMessage());
    } catch (CdcRecordException e) {
      failTables(TableReasons.STREAM_RECORD_INVALID, e.getMessage());
      status.failed(TableReasons.STREAM_RECORD_INVALID, e.getMessage());
    } catch (SinkFailedException e) {
      // as the table workers do: a fenced or failed writer stops the runtime as itself, with its own exit code
      fatal.accept(e);
    } catch (RuntimeException | SQLException e) {
      fatal.accept(new IllegalStateException("the change stream relay failed: " + e.getMessage(), e));
    }
  }

  private boolean awaitHandOver() throws InterruptedException {
    while (!stopping) {
      if (tables.values().stream().allMatch(StreamedTable::handedOver)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private void relay(StreamReader reader) throws InterruptedException, SQLException {
    int failures = 0;
    while (!stopping) {
      List<ShardRecord> records = List.of();
      if (!buffer.full()) {
        try {
          records = reader.poll();
          failures = 0;
        } catch (SdkException e) {
          failures++;
          Duration wait = READ_BACKOFF.delay(failures);
          LOG.warn("reading change stream {} failed (attempt {}, again in {} s): {}", spec.kinesisStreamArn(),
              failures, wait.toSeconds(), e.getMessage());
          status.unreachable(e.getMessage());
          Thread.sleep(wait.toMillis());
          continue;
        }
      }
      streamTime.readUpTo(reader.readUpTo(), reader.visibilityDelay());
      metrics.streamVisibilityDelay(reader.visibilityDelay());
      for (ShardRecord record : records) {
        accept(record);
      }
      reader.finishedShards().forEach(progress::readToEnd);
      assembler.checkTimeouts();
      release();
      submit(false);
      Duration lag = streamTime.lag();
      tables.values().forEach(t -> t.streaming(lag));
      status.reading(reader.lag(), reader.position(), buffer.held());
    }
  }

  private void accept(ShardRecord record) throws SQLException {
    progress.read(record.position(), record.arrival());
    metrics.streamRecords("read", 1);
    FragmentAssembler.Step step = assembler.offer(record, parser.parse(record));
    progress.release(step.discarded());
    metrics.streamRecords("duplicate", step.discarded().size());
    if (step.completed() != null) {
      route(step.completed());
    }
  }

  private void route(ArrivedChange change) throws SQLException {
    CdcRecord record = change.record();
    StreamedTable table = tables.get(record.source().qualifiedTable());
    long commitNanos = record.source().tsNs();
    if (table == null) {
      dropped(change, "skipped");
      return;
    }
    if (commitNanos <= table.snapshotFloorNanos()) {
      dropped(change, "in_snapshot");
      return;
    }
    SourceRow row = table.row(record);
    GraceWindowBuffer.Admission admission = buffer.offer(table.name(), row.keyText(), commitNanos,
        record.source().txId(), change.arrival(), new Pending(table, row, change.pieces()),
        (name, key) -> tables.get(name).highWater(key));
    switch (admission) {
      case HELD -> { }
      case DUPLICATE -> dropped(change, "duplicate");
      case STALE -> {
        LOG.debug("table {} key {}: version {} (tx {}, arrived {}) dropped as stale: a newer version was emitted",
            table.name(), row.keyText(), commitNanos, record.source().txId(), change.arrival());
        dropped(change, "stale");
      }
    }
  }

  private void dropped(ArrivedChange change, String kind) {
    progress.release(change.pieces());
    metrics.streamRecords(kind, 1);
  }

  private void release() {
    for (GraceWindowBuffer.Released<Pending> released : buffer.releaseDue()) {
      Pending pending = released.item();
      pending.table().emit(pending.row(), released.tsNs());
      dirty.add(pending.table());
      progress.release(pending.pieces());
    }
  }

  /**
   * Submits each table that emitted since the last submit, then the checkpoint when it moved: at once after events,
   * else at most every second (or when {@code last}).
   */
  private void submit(boolean last) throws InterruptedException {
    boolean emitted = !dirty.isEmpty();
    for (StreamedTable table : dirty) {
      table.submit();
    }
    dirty.clear();
    Map<String, ShardCheckpoint> shards = progress.checkpoint();
    long now = System.nanoTime();
    boolean due = emitted || last || now - lastCheckpointSubmit >= CHECKPOINT_ONLY_INTERVAL.toNanos();
    if (!due || shards.equals(submittedShards)) {
      return;
    }
    StreamCheckpoint next = checkpoint.withShards(shards);
    writer.submit(new StreamCheckpointBatch(next, () -> status.committed(next)));
    checkpoint = next;
    submittedShards = shards;
    lastCheckpointSubmit = now;
  }

  private void failTables(String reason, String message) {
    LOG.error("{}: {}", reason, message);
    tables.values().forEach(t -> t.failed(reason, message));
  }
}
