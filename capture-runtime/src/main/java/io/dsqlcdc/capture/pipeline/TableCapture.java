package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.capture.config.CaptureSettings;
import io.dsqlcdc.api.spec.SnapshotMode;
import io.dsqlcdc.api.spec.TableSpec;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.capture.event.ChangeEvent;
import io.dsqlcdc.capture.event.EventFactory;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.event.TableReader;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.sink.TableBatch;
import io.dsqlcdc.capture.sink.TransactionalWriter;
import io.dsqlcdc.capture.snapshot.SnapshotQuery;
import io.dsqlcdc.capture.source.DbClock;
import io.dsqlcdc.capture.source.ReadAhead;
import io.dsqlcdc.capture.source.SchemaReader;
import io.dsqlcdc.capture.source.SourceConnections;
import io.dsqlcdc.capture.source.TableSchema;
import io.dsqlcdc.capture.state.EmittedState;
import io.dsqlcdc.capture.state.KeyState;
import io.dsqlcdc.capture.state.StateChange;
import io.dsqlcdc.capture.status.TableProgress;
import io.dsqlcdc.capture.streaming.HeadQuery;
import io.dsqlcdc.capture.streaming.SliceDigest;
import io.dsqlcdc.capture.streaming.UnsettledWindow;
import io.dsqlcdc.capture.streaming.WindowQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures one table: snapshot chunks, then head scans plus a rolling sweep of the unsettled window. Each read runs
 * in a short read-only transaction and no state changes until all of that transaction's reads succeeded, so a
 * failed read is simply retried. A row version is emitted iff it is newer than the version last accounted for its
 * key.
 */
final class TableCapture {
  private static final Logger LOG = LoggerFactory.getLogger(TableCapture.class);
  private static final long SETTLE_COMMIT_INTERVAL_MICROS = 10_000_000L;

  private final TableSpec spec;
  private final CaptureSettings settings;
  private final SourceConnections source;
  private final TransactionalWriter writer;
  private final StateLoader loader;
  private final CaptureMetrics metrics;
  private final TableProgress progress;
  private final String name;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Executor readAhead;

  private volatile TableOffset committed;
  private TableOffset offset;
  private TableReader reader;
  private EventFactory events;
  private ReadAhead<List<String>, List<SourceRow>> chunks;
  private ReadAhead<HeadQuery.Position, HeadQuery.Page> pages;
  private WindowQuery windowQuery;
  private EmittedState state;
  private UnsettledWindow window;
  private final Map<Long, SliceDigest> acknowledgedMismatch = new HashMap<>();
  private long lastSweepNanos = Long.MIN_VALUE;
  private long nextSweepSlice = Long.MIN_VALUE;
  private long lastSubmittedSettled;
  private boolean restored;
  private boolean lastStepHadRows;

  /** @param readAhead runs the read of a table's next snapshot chunk while the current one is emitted */
  TableCapture(TableSpec spec, CaptureSettings settings, SourceConnections source, TransactionalWriter writer,
               StateLoader loader, CaptureMetrics metrics, TableProgress progress, TableOffset committed,
               Executor readAhead) {
    this.spec = spec;
    this.settings = settings;
    this.source = source;
    this.writer = writer;
    this.loader = loader;
    this.metrics = metrics;
    this.progress = progress;
    this.name = spec.qualifiedName();
    this.committed = committed;
    this.readAhead = readAhead;
  }

  String name() {
    return name;
  }

  boolean lastStepHadRows() {
    return lastStepHadRows;
  }

  /** Batches submitted but not yet committed. */
  int inFlight() {
    return inFlight.get();
  }

  /** Reads the schema (again, after a failure) and, the first time or after {@link #forgetState()}, restores state. */
  void prepare() throws SQLException, InterruptedException {
    TableSchema schema = new SchemaReader(source.dataSource()).read(spec);
    if (!schema.cursorIndexed() && !restored) {
      LOG.warn("no index of table {} leads with its cursor column {}: every poll scans the whole table;"
          + " create one, e.g. CREATE INDEX ASYNC ON {} ({}, <key columns>)", name, spec.cursor(), name, spec.cursor());
    }
    reader = new TableReader(schema, settings.format().decimalHandling());
    events = new EventFactory(schema, reader.mappings(), settings.topicPrefix(), settings.database(), settings.format());
    discardReadsAhead();
    int limit = settings.batchSize() + 1;
    SnapshotQuery snapshotQuery = new SnapshotQuery(reader);
    chunks = new ReadAhead<>((c, afterKey) -> snapshotQuery.chunk(c, afterKey, limit), source.dataSource(), readAhead);
    HeadQuery headQuery = new HeadQuery(reader);
    pages = new ReadAhead<>((c, position) -> headQuery.read(c, position, settings.batchSize()), source.dataSource(),
        readAhead);
    windowQuery = new WindowQuery(reader);
    if (!restored) {
      restore();
    }
  }

  /** Drops in-memory state so the next prepare() rebuilds it from what Kafka committed. */
  void forgetState() {
    restored = false;
    discardReadsAhead();
  }

  /** Records in the store's checkpoint how far into the changelog it is (on a clean stop). */
  void checkpoint() {
    TableOffset last = committed;
    if (state != null && last != null) {
      state.checkpoint(last.settledBefore());
    }
  }

  private void discardReadsAhead() {
    if (chunks != null) {
      chunks.discard();
      pages.discard();
    }
  }

  private void restore() throws SQLException, InterruptedException {
    TableOffset start = committed;
    String requestId = settings.snapshotRequestFor(spec).orElse(null);
    if (start == null) {
      long now = databaseNow();
      start = settings.snapshot() == SnapshotMode.INITIAL || requestId != null
          ? TableOffset.startSnapshot(now, settings.latenessMicros(), requestId) : TableOffset.streamFrom(now);
    } else if (requestId != null && !requestId.equals(start.snapshotRequestId())) {
      LOG.info("table {}: snapshotting again for snapshot request {}", name, requestId);
      start = start.resnapshot(databaseNow(), settings.latenessMicros(), requestId);
    }
    state = loader.restore();
    offset = start;
    if (committed != null && !committed.stateInChangelog()) {
      loader.migrate(events.topic(), chunk -> submit(List.of(), offset, 0, chunk));
      offset = start.withStateInChangelog();
      submit(List.of(), offset, 0);
    }
    window = loader.window(settings.sliceWidthMicros(), start.settledBefore());
    acknowledgedMismatch.clear();
    lastSweepNanos = Long.MIN_VALUE;
    nextSweepSlice = Long.MIN_VALUE;
    lastSubmittedSettled = start.settledBefore();
    restored = true;
  }

  private long databaseNow() throws SQLException {
    try (Connection c = readOnly()) {
      long now = DbClock.nowMicros(c);
      c.commit();
      return now;
    }
  }

  /** One poll; true when a full page came back, so the table should be polled again at once. */
  boolean step() throws SQLException, InterruptedException {
    return offset.snapshotting() ? snapshotStep() : streamStep();
  }

  private boolean snapshotStep() throws SQLException, InterruptedException {
    progress.working(TableState.Snapshotting);
    long started = System.nanoTime();
    int batch = settings.batchSize();
    List<SourceRow> rows = chunks.from(offset.snapshotKey());
    metrics.rowsRead(name, "snapshot", rows.size());
    boolean last = rows.size() <= batch;
    List<SourceRow> chunk = last ? rows : rows.subList(0, batch);
    if (!last) {
      chunks.startFrom(chunk.get(chunk.size() - 1).keyValues());
    }
    int lastLive = -1;
    for (int i = 0; i < chunk.size(); i++) {
      if (!chunk.get(i).deleted()) {
        lastLive = i;
      }
    }
    long nowMillis = System.currentTimeMillis();
    List<ChangeEvent> out = new ArrayList<>(chunk.size());
    for (int i = 0; i < chunk.size(); i++) {
      SourceRow row = chunk.get(i);
      if (row.deleted()) {
        continue;
      }
      String marker = last && i == lastLive ? "last" : "true";
      out.addAll(events.events(row, ChangeEvent.Op.READ, marker, nowMillis));
      String key = row.keyText();
      state.emit(key, row.cursorMicros());
      window.record(key, row.cursorMicros());
    }
    TableOffset next = chunk.isEmpty() ? offset
        : offset.snapshotChunk(chunk.get(chunk.size() - 1).keyValues(), chunk.size());
    if (last) {
      next = next.snapshotDone();
    }
    submit(out, next, chunk.size());
    metrics.pollDuration(name, "snapshot", Duration.ofNanos(System.nanoTime() - started));
    lastStepHadRows = !chunk.isEmpty();
    if (last) {
      progress.working(TableState.Streaming);
    }
    return !last;
  }

  private record SliceRead(long first, long last, List<SourceRow> rows) {
  }

  /**
   * The slices one step compares with the database; none when {@code first > last}. A round ends with the share that
   * reaches the newest slice; the next starts again at the oldest, so slices the head added meanwhile wait a round.
   */
  private record Sweep(long first, long last, boolean fromOldest, boolean toNewest) {
    boolean isEmpty() {
      return first > last;
    }
  }

  /**
   * A streaming step: the head page in one short transaction, emitted at once; then, in a second one, this step's
   * share of the sweep over the unsettled window, which finds rows that committed late.
   */
  private boolean streamStep() throws SQLException, InterruptedException {
    long started = System.nanoTime();
    int batch = settings.batchSize();
    HeadQuery.Page read = pages.from(new HeadQuery.Position(offset.headCursor(), offset.headKey()));
    long now = read.nowMicros();
    List<SourceRow> page = read.rows();
    boolean full = page.size() >= batch;
    SourceRow lastRow = page.isEmpty() ? null : page.get(page.size() - 1);
    long headCursor = lastRow == null ? offset.headCursor() : lastRow.cursorMicros();
    List<String> headKey = lastRow == null ? offset.headKey() : lastRow.keyValues();
    if (full) {
      pages.startFrom(new HeadQuery.Position(headCursor, headKey));
    }
    metrics.rowsRead(name, "head", page.size());
    long nowMillis = System.currentTimeMillis();
    List<ChangeEvent> out = new ArrayList<>();
    for (SourceRow row : page) {
      account(row, out, nowMillis);
    }
    submitStreaming(out, offset.streaming(headCursor, headKey, window.settledBefore()), !page.isEmpty());
    // while the head catches up the next page comes first, unless the window has waited a whole sweep period
    boolean sweepDue = !full || lastSweepNanos == Long.MIN_VALUE
        || started - lastSweepNanos >= settings.sweepPeriod().toNanos();
    int swept = sweepDue ? sweep(started, now, !full) : 0;
    Duration lag = full ? Duration.ofNanos(Math.max(0, now - headCursor) * 1000) : Duration.ZERO;
    progress.lag(lag);
    metrics.lag(name, lag);
    metrics.pollDuration(name, "streaming", Duration.ofNanos(System.nanoTime() - started));
    lastStepHadRows = !page.isEmpty() || swept > 0;
    progress.working(TableState.Streaming);
    return full;
  }

  /**
   * Compares this step's share of the window's slices with the database's digests, reads the slices that differ,
   * emits what they hold that was never accounted for, and moves the settled bound; returns the versions emitted.
   *
   * @param headNow  the database's time when the head page was read
   * @param caughtUp the head page was not full: every row after the head was read in that snapshot
   */
  private int sweep(long started, long headNow, boolean caughtUp) throws SQLException, InterruptedException {
    Sweep sweep = nextSweep(started, caughtUp);
    if (sweep.isEmpty()) {
      return 0;
    }
    long width = window.sliceWidth();
    long lo = Math.max(window.settledBefore(), sweep.first() * width);
    // a version past the head may have committed since the head page; the head scan will read it
    long hi = Math.min((sweep.last() + 1) * width - 1, accountedUpTo());
    Map<Long, SliceDigest> database;
    List<SliceRead> reads = new ArrayList<>();
    try (Connection c = readOnly()) {
      database = windowQuery.digests(c, lo, hi, width);
      metrics.windowQuery(name, "digest");
      metrics.rowsCompared(name, database.values().stream().mapToLong(SliceDigest::count).sum());
      Map<Long, SliceDigest> ours = window.digests(sweep.first(), sweep.last());
      long runStart = Long.MIN_VALUE;
      for (long s = sweep.first(); s <= sweep.last() + 1; s++) {
        SliceDigest db = database.get(s);
        boolean differs = s <= sweep.last() && db != null && !db.equals(ours.get(s))
            && !db.equals(acknowledgedMismatch.get(s));
        if (differs && runStart == Long.MIN_VALUE) {
          runStart = s;
        } else if (!differs && runStart != Long.MIN_VALUE) {
          // adjacent differing slices are read with one query
          List<SourceRow> rows = windowQuery.rows(c, Math.max(lo, runStart * width), Math.min(s * width, hi + 1));
          metrics.windowQuery(name, "slice");
          metrics.rowsRead(name, "window", rows.size());
          reads.add(new SliceRead(runStart, s - 1, rows));
          runStart = Long.MIN_VALUE;
        }
      }
      c.commit();
    }
    long nowMillis = System.currentTimeMillis();
    List<ChangeEvent> out = new ArrayList<>();
    for (SliceRead read : reads) {
      for (SourceRow row : read.rows()) {
        account(row, out, nowMillis);
      }
      Map<Long, SliceDigest> after = window.digests(read.first(), read.last());
      for (long s = read.first(); s <= read.last(); s++) {
        SliceDigest db = database.get(s);
        if (db != null && !db.equals(after.get(s))) {
          // versions we accounted for are gone from the table (hard delete): stop re-reading until the slice changes
          acknowledgedMismatch.put(s, db);
          metrics.windowQuery(name, "mismatch");
        }
      }
    }
    lastSweepNanos = started;
    nextSweepSlice = sweep.toNewest() ? Long.MIN_VALUE : sweep.last() + 1;
    if (sweep.fromOldest()) {
      // no version below headNow - lateness can appear any more, and every slice up to the sweep's end agreed
      window.settle(Math.min(headNow - settings.latenessMicros(), (sweep.last() + 1) * width));
      long firstKept = window.sliceOf(window.settledBefore());
      acknowledgedMismatch.keySet().removeIf(s -> s < firstKept);
    }
    submitStreaming(out, offset.streaming(offset.headCursor(), offset.headKey(), window.settledBefore()), false);
    return out.size();
  }

  /**
   * The slices this step compares: the next share of a round that covers every slice from the settled bound to the
   * head once per sweep period. The head's own slice waits while the head is catching up, since more versions at
   * the head's cursor may still follow on the next page.
   */
  private Sweep nextSweep(long started, boolean caughtUp) {
    long oldest = window.sliceOf(window.settledBefore());
    long newest = caughtUp ? window.sliceOf(accountedUpTo()) : window.sliceOf(offset.headCursor()) - 1;
    if (oldest > newest || accountedUpTo() < window.settledBefore()) {
      return new Sweep(oldest, oldest - 1, true, true);
    }
    long first = nextSweepSlice < oldest || nextSweepSlice > newest ? oldest : nextSweepSlice;
    long period = settings.sweepPeriod().toNanos();
    long elapsed = lastSweepNanos == Long.MIN_VALUE ? period : Math.min(period, started - lastSweepNanos);
    long share = Math.max(1, (long) Math.ceil((double) (newest - oldest + 1) * elapsed / period));
    long last = Math.min(newest, first + share - 1);
    return new Sweep(first, last, first == oldest, last == newest);
  }

  /** The newest cursor whose versions the head has read: a bare cursor bound (no key yet) reads that cursor next. */
  private long accountedUpTo() {
    return offset.headKey() == null ? offset.headCursor() - 1 : offset.headCursor();
  }

  /** Submits streaming events and the offset; an offset that only settled further is written every 10 s. */
  private void submitStreaming(List<ChangeEvent> out, TableOffset next, boolean headMoved)
      throws InterruptedException {
    long settled = next.settledBefore();
    if (!out.isEmpty() || headMoved || settled - lastSubmittedSettled >= SETTLE_COMMIT_INTERVAL_MICROS) {
      submit(out, next, 0);
      lastSubmittedSettled = settled;
    } else {
      offset = next;
    }
  }

  /**
   * Emits a version unless its key's accounted version is as new; remembers it either way. The key's state in the
   * store is the last word on what was emitted: the window may not hold every key it counts.
   */
  private void account(SourceRow row, List<ChangeEvent> out, long nowMillis) {
    String key = row.keyText();
    long cursor = row.cursorMicros();
    if (window.accounted(key, cursor)) {
      return;
    }
    KeyState last = state.current(key);
    if (last != null && last.cursorMicros() >= cursor) {
      return;
    }
    if (row.deleted()) {
      // a key consumers never saw needs no delete
      if (last != null) {
        out.addAll(events.events(row, ChangeEvent.Op.DELETE, "false", nowMillis));
        state.delete(key, cursor);
      }
    } else {
      out.addAll(events.events(row, last != null ? ChangeEvent.Op.UPDATE : ChangeEvent.Op.CREATE, "false", nowMillis));
      state.emit(key, cursor);
    }
    window.record(key, cursor, last == null ? UnsettledWindow.NONE : last.cursorMicros());
  }

  private void submit(List<ChangeEvent> out, TableOffset next, int snapshotRows) throws InterruptedException {
    submit(out, next, snapshotRows, state.drain());
  }

  /** Submits events, the key states they change and the offset after them, for one transaction. */
  private void submit(List<ChangeEvent> out, TableOffset next, int snapshotRows, List<StateChange> changes)
      throws InterruptedException {
    EmittedState accounted = state;
    Map<ChangeEvent.Op, Long> byOp = new EnumMap<>(ChangeEvent.Op.class);
    for (ChangeEvent e : out) {
      byOp.merge(e.op(), 1L, Long::sum);
    }
    long versions = out.stream().filter(e -> e.op() != ChangeEvent.Op.TOMBSTONE).count();
    offset = next;
    inFlight.incrementAndGet();
    writer.submit(new TableBatch(name, out, next, accounted.changelog().topic(), changes, written -> {
      if (accounted.committed(changes, written, next.settledBefore())) {
        loader.reportSize();
      }
      committed = next;
      inFlight.decrementAndGet();
      byOp.forEach((op, n) -> metrics.events(name, op.code() == null ? "tombstone" : op.code(), n));
      metrics.rowsEmitted(name, versions);
      progress.committed(versions, next.snapshotting() ? null : next.headCursor(),
          next.snapshotting() ? next.snapshotRows() : null);
    }));
  }

  /** A connection as SourceConnections hands them out: read-only, one snapshot per transaction. */
  private Connection readOnly() throws SQLException {
    return source.dataSource().getConnection();
  }
}
