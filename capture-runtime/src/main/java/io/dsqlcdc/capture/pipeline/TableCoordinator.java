package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.api.spec.SnapshotMode;
import io.dsqlcdc.api.spec.Durations;
import io.dsqlcdc.api.spec.TableSpec;
import io.dsqlcdc.api.status.TableReasons;
import io.dsqlcdc.capture.config.CaptureSettings;
import io.dsqlcdc.capture.deletes.HardDeleteScan;
import io.dsqlcdc.capture.dispatch.EventDispatcher;
import io.dsqlcdc.capture.changestream.CdcRecord;
import io.dsqlcdc.capture.changestream.RowConverter;
import io.dsqlcdc.capture.dispatch.KeyStates;
import io.dsqlcdc.capture.event.EventFactory;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.event.TableReader;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.offsets.TableContext;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.sink.TransactionalWriter;
import io.dsqlcdc.capture.snapshot.SnapshotSource;
import io.dsqlcdc.capture.snapshot.VanishedKeys;
import io.dsqlcdc.capture.source.DbClock;
import io.dsqlcdc.capture.source.ColumnSchema;
import io.dsqlcdc.capture.source.SchemaChangedException;
import io.dsqlcdc.capture.source.SchemaDiff;
import io.dsqlcdc.capture.source.SchemaReader;
import io.dsqlcdc.capture.source.SourceErrors;
import io.dsqlcdc.capture.source.SourceConnections;
import io.dsqlcdc.capture.source.TableSchema;
import io.dsqlcdc.capture.state.EmittedState;
import io.dsqlcdc.capture.state.KeyState;
import io.dsqlcdc.capture.state.KeyOrder;
import io.dsqlcdc.capture.status.TableProgress;
import io.dsqlcdc.capture.streaming.StreamingSource;
import io.dsqlcdc.capture.window.UnsettledWindow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures one table: decides where it starts (snapshot, stream, or snapshot again for a request), restores its state
 * into a {@link TableContext}, and runs each step on the snapshot source until the snapshot is done, then on the
 * streaming source. The sources share one {@link EventDispatcher}, which submits their batches to the writer.
 *
 * <p>In stream mode the table's worker prepares it and takes its snapshot; then the table is handed over to the
 * {@link StreamRelay}, whose thread alone uses it from then on (as a {@link StreamedTable}) and the worker's steps do
 * nothing.
 */
final class TableCoordinator implements TableCapture, StreamedTable {
  private static final Logger LOG = LoggerFactory.getLogger(TableCoordinator.class);
  /** Schema re-reads within one step before a shape that keeps changing fails the step. */
  private static final int SCHEMA_REREADS_PER_STEP = 3;
  /**
   * How often a step also reads the table's catalog entry, for what result sets do not show: a changed primary key
   * or nullability.
   */
  static final long CATALOG_CHECK_INTERVAL_NANOS = 5_000_000_000L;

  private final TableSpec spec;
  private final CaptureSettings settings;
  private final SourceConnections source;
  private final TransactionalWriter writer;
  private final StateLoader loader;
  private final CaptureMetrics metrics;
  private final TableProgress progress;
  private final String name;
  private final Executor readAhead;

  /** The offset Kafka held when the context was last dropped (at start: the offsets topic's). */
  private TableOffset committed;
  private TableContext context;
  /** The unsettled window being rebuilt from the state store, until it replaces the journaling one. */
  private volatile WindowRebuild rebuild;
  /** The table's shape the sources read with; null until the first prepare. */
  private TableSchema schema;
  private long catalogCheckedAt;
  private EventFactory events;
  /** The dispatcher of the sources built for the current shape. */
  private EventDispatcher dispatcher;
  private SnapshotSource snapshot;
  private StreamingSource streaming;
  /** The hard-delete scan; null when hardDeletes is off or the key cannot be range-scanned. */
  private HardDeleteScan deletes;
  /** Stream mode: the row of a change stream record, for the current shape. */
  private RowConverter converter;
  /** Stream mode: the snapshot is done and the relay's thread has the table. */
  private volatile boolean handedOver;
  /**
   * Stream mode: the table starts with a new snapshot whose start (its floor) is not taken yet, so no record read
   * until then is needed; cleared before the start is taken.
   */
  private volatile boolean floorAhead;
  /** Stream mode: the newest commit time (µs) emitted since the table was handed over. */
  private long streamedUpToMicros = Long.MIN_VALUE;
  /** Whether hard deletes are detected: key states keep their last row image for the d's before. */
  private KeyOrder keyOrder;
  private boolean lastStepHadRows;

  /** @param readAhead runs the read of a table's next snapshot chunk or head page while the current one is emitted */
  TableCoordinator(TableSpec spec, CaptureSettings settings, SourceConnections source, TransactionalWriter writer,
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
    this.floorAhead = settings.streamMode() && startsWithNewSnapshot();
  }

  private boolean startsWithNewSnapshot() {
    String requestId = settings.snapshotRequestFor(spec).orElse(null);
    if (committed == null) {
      return settings.snapshot() == SnapshotMode.INITIAL || requestId != null;
    }
    return requestId != null && !requestId.equals(committed.snapshotRequestId());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean lastStepHadRows() {
    return lastStepHadRows;
  }

  /** Batches submitted but not yet committed. */
  @Override
  public int inFlight() {
    return context == null ? 0 : context.inFlight();
  }

  /**
   * Reads the schema (again, after a failure, compared with the one before) and, the first time or after
   * {@link #forgetState()}, restores state; then gives the shape its version and builds the sources for it.
   */
  @Override
  public void prepare() throws SQLException, InterruptedException {
    SchemaReader reader = new SchemaReader(source.dataSource());
    SchemaDiff diff = null;
    TableSchema next;
    if (schema == null) {
      next = reader.read(spec);
    } else {
      SchemaReader.Reread reread = reader.reread(schema);
      next = reread.schema();
      diff = reread.diff();
    }
    if (next.cursor() != null && !next.cursorIndexed() && context == null) {
      LOG.warn("no index of table {} leads with its cursor column {}: every poll scans the whole table;"
          + " create one, e.g. CREATE INDEX ASYNC ON {} ({}, <key columns>)", name, spec.cursor(), name, spec.cursor());
    }
    keyOrder = hardDeleteOrder(next);
    discardReadsAhead();
    if (context == null) {
      context = restore(next);
    }
    adopt(next, diff);
  }

  /**
   * The shape {@code next} is what the sources read from now on: its version is the offset's when the fingerprint
   * is the same, else one more (reported in status, metrics and the log); a key other than the one the offsets and
   * key states were built with fails the table.
   */
  private void adopt(TableSchema next, SchemaDiff diff) {
    TableOffset offset = context.offset();
    TableOffset.SchemaRecord current = offset.schema();
    String fingerprint = next.fingerprint();
    long nowMicros = System.currentTimeMillis() * 1000;
    TableOffset.SchemaRecord record;
    String change = null;
    if (current == null) {
      record = new TableOffset.SchemaRecord(1, fingerprint, nowMicros, next.keyNames());
    } else if (!current.key().isEmpty() && !current.key().equals(next.keyNames())) {
      throw SchemaReader.keyChanged(spec, current.key(), next.keyNames());
    } else if (current.fingerprint().equals(fingerprint)) {
      record = current;
    } else {
      record = current.next(fingerprint, nowMicros, next.keyNames());
      change = diff == null || diff.isEmpty() ? "changed while the table was not captured" : diff.describe();
      report(record.version(), diff, change);
    }
    if (!record.equals(current)) {
      context.advance(offset.withSchema(record));
    }
    progress.schema(record.version(), record.changedAtMicros(), change);
    schema = next;
    catalogCheckedAt = System.nanoTime();
    build(next, record.version());
  }

  private void report(long version, SchemaDiff diff, String change) {
    if (diff == null || diff.isEmpty()) {
      metrics.schemaChange(name, "unknown");
    } else {
      diff.changes().forEach(c -> metrics.schemaChange(name, c.kind().label()));
    }
    if (diff != null && diff.incompatible()) {
      LOG.warn("table {}: schema version {}: {}; consumers see another type for these columns from the next event"
          + " on", name, version, change);
    } else {
      LOG.info("table {}: schema version {}: {}", name, version, change);
    }
  }

  private void build(TableSchema next, long schemaVersion) {
    TableReader reader = new TableReader(next, settings.format().decimalHandling());
    events = new EventFactory(next, reader.mappings(), settings.topicPrefix(), settings.database(), settings.format(),
        schemaVersion);
    discardReadsAhead();
    dispatcher = dispatcher(context);
    snapshot = new SnapshotSource(reader, settings.batchSize(), source.dataSource(), readAhead, context, dispatcher,
        metrics, progress, settings.streamMode() ? vanishedKeys(next) : null);
    streaming = settings.streamMode() ? null : new StreamingSource(reader, settings, source.dataSource(), readAhead,
        context, dispatcher, metrics, progress);
    converter = settings.streamMode() ? new RowConverter(next, settings.format().decimalHandling()) : null;
    deletes = keyOrder == null ? null : new HardDeleteScan(reader, keyOrder,
        Durations.parse(spec.hardDeletes().scanInterval()), source.dataSource(), context, events, dispatcher, metrics,
        progress);
  }

  /**
   * Stream mode: the deletes a snapshot emits for held keys it did not read; null (with a warning) when a key column's
   * event value cannot be written from its text (only integer, uuid and text keys can).
   */
  private VanishedKeys vanishedKeys(TableSchema next) {
    Optional<KeyOrder> order = KeyOrder.of(next.key().stream().map(ColumnSchema::udtName).toList());
    if (order.isEmpty()) {
      LOG.warn("table {}: a new snapshot cannot emit the deletes of keys gone while the table was not relayed: its key"
          + " is not of integer, uuid or text columns", name);
      return null;
    }
    return new VanishedKeys(context, dispatcher, events, order.get(), settings.batchSize());
  }

  private KeyStates keyStates() {
    if (settings.streamMode()) {
      return KeyStates.STREAM_HIGH_WATER;
    }
    return keyOrder != null ? KeyStates.CURSOR_AND_IMAGE : KeyStates.CURSOR;
  }

  /**
   * The key order the hard-delete scan compares in, kept by the state store from now on; null when hardDeletes is
   * off, or when a key column's order cannot be reproduced, which status reports while the table flows on.
   */
  private KeyOrder hardDeleteOrder(TableSchema schema) {
    if (!spec.hardDeletesEnabled()) {
      return null;
    }
    Optional<KeyOrder> order = KeyOrder.of(schema.key().stream().map(ColumnSchema::udtName).toList());
    if (order.isEmpty()) {
      String types = schema.key().stream().map(k -> k.name() + " " + k.udtName()).collect(Collectors.joining(", "));
      String message = "table " + name + ": hard deletes are not detected: its key (" + types + ") cannot be"
          + " range-scanned; only integer, uuid and text/varchar key columns can. Use a soft-delete column, or turn"
          + " hardDeletes off";
      LOG.warn(message);
      progress.hardDeletesUnavailable(TableReasons.KEY_NOT_RANGE_SCANNABLE, message);
      return null;
    }
    loader.useKeyOrder(order.get());
    return order.get();
  }

  /** Drops the state (once no batch is in flight), so the next prepare() rebuilds it from what Kafka committed. */
  @Override
  public void forgetState() {
    stopRebuild();
    if (context != null) {
      committed = context.committed();
      context = null;
    }
    discardReadsAhead();
  }

  /** Stops a window rebuild still running, so the store may be wiped or closed. */
  void stopRebuild() {
    if (rebuild != null) {
      rebuild.cancel();
      rebuild = null;
    }
  }

  /** Records in the store's checkpoint how far into the changelog it is (on a clean stop). */
  void checkpoint() {
    TableContext current = context;
    if (current != null) {
      current.checkpoint();
    }
  }

  /**
   * One poll; true when a full page came back, so the table should be polled again at once. When a query finds the
   * table's shape changed, the schema is read again and the step carries on with it: nothing of the failed read
   * was used, and the events of the rows read after it carry the new shape.
   */
  @Override
  public boolean step() throws SQLException, InterruptedException {
    if (handedOver) {
      lastStepHadRows = false;
      return false;
    }
    if (rebuild != null && rebuild.swapIfDone(context)) {
      rebuild = null;
    }
    if (System.nanoTime() - catalogCheckedAt > CATALOG_CHECK_INTERVAL_NANOS) {
      SchemaReader.Reread checked = new SchemaReader(source.dataSource()).reread(schema);
      if (!checked.diff().isEmpty() || !checked.schema().fingerprint().equals(schema.fingerprint())) {
        adopt(checked.schema(), checked.diff());
      }
    }
    for (int reread = 1; ; reread++) {
      try {
        return stepOnce();
      } catch (SQLException e) {
        if (!SourceErrors.isSchemaChange(e) || reread > SCHEMA_REREADS_PER_STEP) {
          throw e;
        }
        LOG.debug("table {}: {}; reading its schema again", name, e.getMessage());
        SchemaReader.Reread changed = new SchemaReader(source.dataSource()).reread(schema);
        adopt(changed.schema(), changed.diff());
      }
    }
  }

  private boolean stepOnce() throws SQLException, InterruptedException {
    if (context.offset().snapshotting()) {
      boolean more = snapshot.step();
      lastStepHadRows = snapshot.lastStepHadRows();
      return more;
    }
    if (settings.streamMode()) {
      Long gapSince = context.offset().streamGapSinceMillis();
      if (gapSince != null) {
        String message = "table " + name + ": its change stream records since " + Instant.ofEpochMilli(gapSince)
            + " were given up (they could not be relayed within the stream's retention): nothing of it is relayed"
            + " until a new snapshot; take one with spec.snapshotRequest (a new id naming the table)";
        LOG.error(message);
        progress.failed(TableReasons.STREAM_GAP, message);
      }
      handedOver = true;
      LOG.info("table {}: handed over to the change stream relay", name);
      lastStepHadRows = false;
      return false;
    }
    boolean more = streaming.step();
    lastStepHadRows = streaming.lastStepHadRows();
    if (!more && deletes != null && deletes.due(System.currentTimeMillis())) {
      // only with the head caught up: no page read ahead from a snapshot older than the scan's
      boolean scanning = deletes.step();
      lastStepHadRows |= scanning;
      return scanning;
    }
    return more;
  }

  @Override
  public Optional<Duration> untilScanDue() {
    return deletes == null ? Optional.empty() : Optional.of(deletes.untilDue(System.currentTimeMillis()));
  }

  private void discardReadsAhead() {
    if (snapshot != null) {
      snapshot.discard();
    }
    if (streaming != null) {
      streaming.discard();
    }
  }

  private EventDispatcher dispatcher(TableContext table) {
    return new EventDispatcher(name, events, table, writer, metrics, progress, loader::reportSize, keyStates());
  }

  /**
   * The key states from the store and its changelog (once, for offsets older than the store, from the event topic);
   * the unsettled window is rebuilt from the store's versions index in the background.
   */
  private TableContext restore(TableSchema next) throws SQLException, InterruptedException {
    // before the snapshot's start is read from the database: a record the relay drops as not needed committed earlier
    floorAhead = false;
    TableOffset start = start();
    EmittedState state = loader.restore();
    // stream mode compares nothing with the database: its window only counts what the snapshot emits
    UnsettledWindow window = settings.streamMode()
        ? loader.emptyWindow(settings.sliceWidthMicros(), start.settledBefore())
        : loader.journalingWindow(settings.sliceWidthMicros(), start.settledBefore());
    TableContext restored = new TableContext(start, committed, state, window);
    if (committed != null && !committed.stateInChangelog()) {
      // the migration writes key states only, no events
      events = new EventFactory(next, new TableReader(next, settings.format().decimalHandling()).mappings(),
          settings.topicPrefix(), settings.database(), settings.format(), 0);
      EventDispatcher migration = dispatcher(restored);
      loader.migrate(events.topic(), migration::submitState);
      migration.submit(start.withStateInChangelog());
    }
    loader.reportSize();
    rebuild = settings.streamMode() ? null : WindowRebuild.start(loader, restored, name);
    return restored;
  }

  /** Where the table starts: as committed, or a snapshot (first start, or a new snapshot request), or streaming. */
  private TableOffset start() throws SQLException {
    String requestId = settings.snapshotRequestFor(spec).orElse(null);
    if (committed == null) {
      long now = databaseNow();
      // stream mode has no lateness bound: late commits come with the stream
      long lateness = settings.streamMode() ? 0 : settings.latenessMicros();
      return settings.snapshot() == SnapshotMode.INITIAL || requestId != null
          ? TableOffset.startSnapshot(now, lateness, requestId) : TableOffset.streamFrom(now);
    }
    if (requestId != null && !requestId.equals(committed.snapshotRequestId())) {
      LOG.info("table {}: snapshotting again for snapshot request {}", name, requestId);
      return committed.resnapshot(databaseNow(), settings.streamMode() ? 0 : settings.latenessMicros(), requestId);
    }
    return committed;
  }

  private long databaseNow() throws SQLException {
    // connections come read-only, one snapshot per transaction
    try (Connection c = source.dataSource().getConnection()) {
      long now = DbClock.nowMicros(c);
      c.commit();
      return now;
    }
  }

  @Override
  public boolean handedOver() {
    return handedOver;
  }

  @Override
  public boolean snapshotFloorAhead() {
    return floorAhead;
  }

  /**
   * Change stream versions committed at or before the table's last snapshot began are in that snapshot: none of
   * them is emitted (Long.MIN_VALUE when the table never took one).
   */
  @Override
  public long snapshotFloorNanos() {
    if (context.offset().phase() instanceof TableOffset.Streaming s && s.lastSnapshotStartMicros() != null) {
      return s.lastSnapshotStartMicros() * 1000;
    }
    return Long.MIN_VALUE;
  }

  @Override
  public Long highWater(String keyText) {
    KeyState state = context.state().current(keyText);
    return state == null ? null : state.streamHighWater();
  }

  /** The record's row in the table's current shape; a record with a column the shape lacks reads the shape again. */
  @Override
  public SourceRow row(CdcRecord record) throws SQLException {
    try {
      return converter.row(record);
    } catch (SchemaChangedException e) {
      LOG.debug("table {}: {}; reading its schema again", name, e.getMessage());
      SchemaReader.Reread changed = new SchemaReader(source.dataSource()).reread(schema);
      adopt(changed.schema(), changed.diff());
      return converter.row(record);
    }
  }

  @Override
  public boolean emit(SourceRow row, long commitNanos) {
    streamedUpToMicros = Math.max(streamedUpToMicros, row.cursorMicros());
    return streaming().streamed(row, commitNanos, System.currentTimeMillis());
  }

  /** Submits what was emitted since the last submit; the offset's head and settled bound move to its newest commit. */
  @Override
  public void submit() throws InterruptedException {
    TableOffset offset = context.offset();
    long upTo = Math.max(streamedUpToMicros, offset.head().cursorMicros());
    streaming().submit(offset.streaming(new TableOffset.Head(upTo, null), upTo));
  }

  private EventDispatcher streaming() {
    if (!handedOver) {
      throw new IllegalStateException("table " + name + " was not handed over to the change stream relay");
    }
    return dispatcher;
  }

  @Override
  public void streaming(Duration lag) {
    progress.working(io.dsqlcdc.api.status.TableState.Streaming);
    progress.lag(lag);
    metrics.lag(name, lag);
  }

  @Override
  public Long streamGapSinceMillis() {
    return context.offset().streamGapSinceMillis();
  }

  @Override
  public void streamGap(long sinceMillis, String message) throws InterruptedException {
    streaming().submit(context.offset().withStreamGap(sinceMillis));
    progress.failed(TableReasons.STREAM_GAP, message);
  }

  @Override
  public void failed(String reason, String message) {
    progress.failed(reason, message);
  }
}
