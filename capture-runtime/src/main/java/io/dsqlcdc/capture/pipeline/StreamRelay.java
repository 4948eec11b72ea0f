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
import io.dsqlcdc.capture.sink.TransactionalWriter;
import io.dsqlcdc.capture.source.SourceErrors;
import io.dsqlcdc.capture.source.TableProblemException;
import io.dsqlcdc.capture.status.StreamStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Stream mode: relays DSQL's change stream into the tables' events, on a thread of its own. Once the tables' workers
 * handed them over (their snapshots done), it reads every shard from the committed checkpoint, reassembles split
 * records, drops the records of tables not captured, of versions the snapshot read, and duplicates or stragglers at
 * or below their key's high-water, holds the rest for the grace window and emits them per key in commit order. After
 * each round it submits each table's batch and then the stream checkpoint (every shard's released prefix), so the
 * checkpoint commits with or after the events it covers, never before.
 *
 * <p>Per table: a table not handed over yet, or one whose record cannot be relayed, does not stop the others. Its
 * records are pinned, so the checkpoint stays before them, and it joins by a rewind: a new session read from the
 * checkpoint, in which what the other tables emitted already drops at their keys' high-water ({@link RelayLanes}).
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
  /** How long a shard start is backdated for clock skew, when the position is noted before a snapshot. */
  static final Duration SNAPSHOT_START_MARGIN = Duration.ofSeconds(5);
  private static final Backoff READ_BACKOFF = Backoff.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30));

  /** A record held in the grace window: its table, its row and the Kinesis records it came in. */
  private record Pending(StreamedTable table, SourceRow row, ArrivedChange change) {
  }

  private final ChangeStreamSpec spec;
  private final RelayLanes lanes;
  private final CaptureMetrics metrics;
  private final Function<Map<String, ShardCheckpoint>, StreamReader> readers;
  private final Consumer<RuntimeException> fatal;
  private final CdcRecordParser parser = new CdcRecordParser();
  private final CheckpointSubmitter commits;
  private final ReplayHorizon replay = new ReplayHorizon();
  // a session's: a rewind reads the stream again with all of them new, stream time included, which never goes back
  private StreamTime streamTime;
  private ShardProgress progress;
  private FragmentAssembler assembler;
  private GraceWindowBuffer<Pending> buffer;
  /** The stream time the tables' lag is counted from: the last one any session had. */
  private Instant lagFrom;
  private final StreamStatus status;
  private volatile boolean stopping;

  /**
   * @param committed the checkpoint Kafka holds (at least the start position noted on the first start)
   * @param readers   opens the stream at the given shard checkpoints
   */
  StreamRelay(ChangeStreamSpec spec, List<? extends StreamedTable> tables, StreamCheckpoint committed,
              TransactionalWriter writer, CaptureMetrics metrics, StreamStatus status,
              Function<Map<String, ShardCheckpoint>, StreamReader> readers, Consumer<RuntimeException> fatal) {
    this.spec = spec;
    this.lanes = new RelayLanes(tables, System::nanoTime);
    this.commits = new CheckpointSubmitter(committed, writer, status, System::nanoTime);
    this.metrics = metrics;
    this.status = status;
    this.readers = readers;
    this.fatal = fatal;
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
      if (!awaitFirstTables()) {
        return;
      }
      while (!stopping) {
        session();
        commits.submit(progress.checkpoint(), true);
      }
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
    } catch (RuntimeException e) {
      fatal.accept(new IllegalStateException("the change stream relay failed: " + e.getMessage(), e));
    }
  }

  private boolean awaitFirstTables() throws InterruptedException {
    while (!stopping) {
      if (lanes.readyToStart()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Reads the stream from the checkpoint until the relay stops or rewinds. */
  private void session() throws InterruptedException {
    lanes.startSession();
    streamTime = new StreamTime();
    progress = new ShardProgress();
    assembler = new FragmentAssembler(spec.fragmentTimeoutDuration(), spec.fragmentTimeoutDuration().multipliedBy(10),
        MAX_FRAGMENT_BYTES, streamTime);
    buffer = new GraceWindowBuffer<>(spec.graceWindowDuration(), spec.graceWindowDuration().multipliedBy(10),
        MAX_HELD, streamTime);
    replay.newSession();
    StreamCheckpoint checkpoint = commits.checkpoint();
    checkpoint.shards().values().forEach(progress::resume);
    commits.resumedAt(progress.checkpoint());
    StreamReader opened = open();
    if (opened == null) {
      return;
    }
    try (StreamReader reader = opened) {
      metrics.streamRetention(reader.retention());
      LOG.info("relaying change stream {} into {} table(s) from {}", spec.kinesisStreamArn(), lanes.active().size(),
          checkpoint.shards().isEmpty() ? startOf(checkpoint) : checkpoint.shards().size() + " shard checkpoint(s)");
      relay(reader);
    }
  }

  /**
   * Opens the stream at the checkpoint; while Kinesis cannot be reached (network, credentials, throttling) it says
   * so in status and tries again with back-off, as reading does, rather than stop the runtime: a rewind opens it
   * again at any time. Null when the relay stops meanwhile.
   */
  private StreamReader open() throws InterruptedException {
    for (int failures = 1; !stopping; failures++) {
      try {
        return readers.apply(commits.checkpoint().shards());
      } catch (SdkException e) {
        Duration wait = READ_BACKOFF.delay(failures);
        LOG.warn("opening change stream {} failed (attempt {}, again in {} s): {}", spec.kinesisStreamArn(), failures,
            wait.toSeconds(), e.getMessage());
        status.unreachable(e.getMessage());
        Thread.sleep(wait.toMillis());
      }
    }
    return null;
  }

  private void relay(StreamReader reader) throws InterruptedException {
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
          // the tables' lag keeps growing while the stream cannot be read, so that a lag alert fires
          reportLag();
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
      commits.submit(progress.checkpoint(), false);
      reportLag();
      Instant oldest = progress.oldestUnreleased();
      metrics.streamCheckpointAge(oldest == null ? Duration.ZERO : Duration.between(oldest, Instant.now()));
      status.reading(reader.lag(), reader.position(), buffer.held());
      boolean gaveUp = giveUpOverdue(reader.retention());
      if (lanes.joinOrRewind() || gaveUp) {
        LOG.info("change stream {}: reading again from the checkpoint for the tables that join or were given up",
            spec.kinesisStreamArn());
        return;
      }
    }
  }

  /**
   * A failed table whose oldest record waiting is three quarters of the stream's retention old is given up, so that
   * the checkpoint it holds back never falls out of the retention for every table: its offset records the gap (in a
   * transaction before the checkpoint moves past its records), and it relays nothing until a new snapshot.
   */
  private boolean giveUpOverdue(Duration retention) throws InterruptedException {
    List<String> overdue = lanes.overdue(Instant.now(), retention.multipliedBy(3).dividedBy(4));
    for (String name : overdue) {
      Instant since = lanes.gaveUp(name);
      String message = "table " + name + ": its change stream records since " + since + " could not be relayed, and"
          + " the stream keeps records " + retention.toHours() + " h: they were given up so that the other tables"
          + " stay within it. Take a new snapshot of the table (spec.snapshotRequest with a new id naming it)";
      LOG.error(message);
      lanes.table(name).streamGap(since.toEpochMilli(), message);
    }
    return !overdue.isEmpty();
  }

  /**
   * The tables' lag: how far stream time is behind the clock. A new session's stream time stands at the epoch until
   * every shard was read once; meanwhile the last session's counts on.
   */
  private void reportLag() {
    if (streamTime.started()) {
      lagFrom = streamTime.instant();
    }
    if (lagFrom == null) {
      return;
    }
    Duration behind = Duration.between(lagFrom, Instant.now());
    Duration lag = behind.isNegative() ? Duration.ZERO : behind;
    lanes.active().forEach(t -> t.streaming(lag));
  }

  private void accept(ShardRecord record) {
    progress.read(record.position(), record.arrival());
    replay.read(record.position());
    metrics.streamRecords("read", 1);
    FragmentAssembler.Step step = assembler.offer(record, parser.parse(record));
    progress.release(step.discarded());
    metrics.streamRecords("duplicate", step.discarded().size());
    if (step.completed() != null) {
      route(step.completed());
    }
  }

  private void route(ArrivedChange change) {
    String name = change.record().source().qualifiedTable();
    switch (lanes.lane(name)) {
      case NOT_CAPTURED -> dropped(change, "skipped");
      case BEFORE_SNAPSHOT -> dropped(change, "in_snapshot");
      case WAITING, FAILED -> deferred(name, change);
      case GAP -> dropped(change, "gap");
      case ACTIVE -> offer(lanes.table(name), change);
    }
  }

  private void offer(StreamedTable table, ArrivedChange change) {
    CdcRecord record = change.record();
    long commitNanos = record.source().tsNs();
    if (commitNanos <= table.snapshotFloorNanos()) {
      dropped(change, "in_snapshot");
      return;
    }
    SourceRow row;
    try {
      row = table.row(record);
    } catch (CdcRecordException e) {
      failTable(table, TableReasons.STREAM_RECORD_INVALID, e.getMessage() + "; if it keeps failing, take a new "
          + "snapshot of the table (spec.snapshotRequest): the versions before it are then not needed", change);
      return;
    } catch (SQLException e) {
      failTable(table, null, "table " + table.name() + ": reading its schema for a change stream record failed: "
          + SourceErrors.describe(e), change);
      return;
    } catch (TableProblemException e) {
      failTable(table, e.reason(), e.getMessage(), change);
      return;
    }
    GraceWindowBuffer.Admission admission = buffer.offer(table.name(), row.keyText(), commitNanos,
        record.source().txId(), change.arrival(), new Pending(table, row, change),
        (name, key) -> lanes.table(name).highWater(key));
    switch (admission) {
      case HELD -> { }
      case DUPLICATE -> dropped(change, replayed(change) ? "replayed" : "duplicate");
      case STALE -> {
        if (replayed(change)) {
          dropped(change, "replayed");
          return;
        }
        LOG.debug("table {} key {}: version {} (tx {}, arrived {}) dropped as stale: a newer version was emitted",
            table.name(), row.keyText(), commitNanos, record.source().txId(), change.arrival());
        dropped(change, "stale");
      }
    }
  }

  /** Read in an earlier session up to where it had read: relayed (or dropped) then. */
  private boolean replayed(ArrivedChange change) {
    return replay.readBefore(change.pieces().get(change.pieces().size() - 1));
  }

  private void dropped(ArrivedChange change, String kind) {
    progress.release(change.pieces());
    metrics.streamRecords(kind, 1);
  }

  /** A record of a table not fed now: the checkpoint stays before it, and it is read again when the table joins. */
  private void deferred(String table, ArrivedChange change) {
    progress.pin(change.pieces());
    lanes.missed(table, change.arrival());
    metrics.streamRecords("deferred", 1);
  }

  private void failTable(StreamedTable table, String reason, String message, ArrivedChange change) {
    Duration retry = lanes.failed(table.name(), change.arrival());
    String full = message + "; the other tables flow on, this one is tried again in " + retry.toSeconds() + " s";
    LOG.error(full);
    table.failed(reason, full);
    deferred(table.name(), change);
  }

  private void release() {
    for (GraceWindowBuffer.Released<Pending> released : buffer.releaseDue()) {
      Pending pending = released.item();
      if (lanes.lane(pending.table().name()) != RelayLanes.Lane.ACTIVE) {
        // its table failed while the record was held: it comes again with the table's retry
        deferred(pending.table().name(), pending.change());
        continue;
      }
      pending.table().emit(pending.row(), released.tsNs());
      commits.emitted(pending.table());
      progress.release(pending.change().pieces());
    }
  }

  private void failTables(String reason, String message) {
    LOG.error("{}: {}", reason, message);
    lanes.all().forEach(t -> t.failed(reason, message));
  }
}
