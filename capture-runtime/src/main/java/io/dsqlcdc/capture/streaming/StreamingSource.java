package io.dsqlcdc.capture.streaming;

import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.capture.config.CaptureSettings;
import io.dsqlcdc.capture.dispatch.EventDispatcher;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.event.TableReader;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.offsets.TableContext;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.source.ReadAhead;
import io.dsqlcdc.capture.status.TableProgress;
import io.dsqlcdc.capture.window.SliceDigest;
import io.dsqlcdc.capture.window.UnsettledWindow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * A table's streaming: each step reads the head (rows after the last position, in cursor and key order) in one short
 * read-only transaction and emits it at once; then, in a second one, compares its share of the unsettled window's
 * slices with the database's digests and reads the slices that differ, which finds rows that committed late, and
 * moves the settled bound. No state changes until a transaction's reads all succeeded, so a failed read is retried.
 * The coordinator builds one anew after each failure (the schema is read again); the new one starts its sweep rounds
 * at the oldest slice, which at worst compares a few slices again.
 */
public final class StreamingSource {
  private final String table;
  private final CaptureSettings settings;
  private final DataSource source;
  private final ReadAhead<TableOffset.Head, HeadQuery.Page> pages;
  private final WindowQuery windowQuery;
  private final SweepSchedule schedule;
  private final TableContext context;
  private final EventDispatcher dispatcher;
  private final CaptureMetrics metrics;
  private final TableProgress progress;
  /** Slices whose database digest differs from ours for good (versions hard-deleted): not re-read until it changes. */
  private final Map<Long, SliceDigest> acknowledgedMismatch = new HashMap<>();
  private boolean lastStepHadRows;

  private record SliceRead(long first, long last, List<SourceRow> rows) {
  }

  /** @param readAhead runs the read of the next head page while the head catches up */
  public StreamingSource(TableReader reader, CaptureSettings settings, DataSource source, Executor readAhead,
                         TableContext context, EventDispatcher dispatcher, CaptureMetrics metrics,
                         TableProgress progress) {
    this.table = progress.table();
    this.settings = settings;
    this.source = source;
    HeadQuery headQuery = new HeadQuery(reader);
    this.pages = new ReadAhead<>((c, head) -> headQuery.read(c, head, settings.batchSize()), source, readAhead);
    this.windowQuery = new WindowQuery(reader);
    this.schedule = new SweepSchedule(settings.sweepPeriod());
    this.context = context;
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.progress = progress;
  }

  /** One head page and this step's share of the sweep; true when the page was full, so the table polls again now. */
  public boolean step() throws SQLException, InterruptedException {
    long started = System.nanoTime();
    TableOffset offset = context.offset();
    HeadQuery.Page read = pages.from(offset.head());
    long now = read.nowMicros();
    List<SourceRow> page = read.rows();
    boolean full = page.size() >= settings.batchSize();
    TableOffset.Head head = page.isEmpty() ? offset.head()
        : new TableOffset.Head(page.get(page.size() - 1).cursorMicros(), page.get(page.size() - 1).keyValues());
    if (full) {
      pages.startFrom(head);
    }
    metrics.rowsRead(table, "head", page.size());
    long nowMillis = System.currentTimeMillis();
    for (SourceRow row : page) {
      dispatcher.changed(row, nowMillis);
    }
    dispatcher.submitStreaming(offset.streaming(head, context.window().settledBefore()), !page.isEmpty());
    // until the window rebuilt from the state store takes over, its digests would not be the table's
    boolean sweepable = !context.window().isJournaling();
    int swept = sweepable && schedule.due(started, !full) ? sweep(started, now, !full) : 0;
    Duration lag = full ? Duration.ofNanos(Math.max(0, now - head.cursorMicros()) * 1000) : Duration.ZERO;
    progress.lag(lag);
    metrics.lag(table, lag);
    metrics.pollDuration(table, "streaming", Duration.ofNanos(System.nanoTime() - started));
    lastStepHadRows = !page.isEmpty() || swept > 0;
    progress.working(TableState.Streaming);
    return full;
  }

  public boolean lastStepHadRows() {
    return lastStepHadRows;
  }

  /** Drops a head page read ahead: the source is being replaced. */
  public void discard() {
    pages.discard();
  }

  /**
   * Compares this step's share of the window's slices with the database's digests, reads the slices that differ,
   * emits what they hold that was never accounted for, and moves the settled bound; returns the events emitted.
   *
   * @param headNow  the database's time when the head page was read
   * @param caughtUp the head page was not full: every row after the head was read in that snapshot
   */
  private int sweep(long started, long headNow, boolean caughtUp) throws SQLException, InterruptedException {
    UnsettledWindow window = context.window();
    TableOffset.Head head = context.offset().head();
    SweepSchedule.Sweep sweep = schedule.next(window, head, started, caughtUp);
    if (sweep.isEmpty()) {
      return 0;
    }
    long width = window.sliceWidth();
    long lo = Math.max(window.settledBefore(), sweep.first() * width);
    // a version past the head may have committed since the head page; the head scan will read it
    long hi = Math.min((sweep.last() + 1) * width - 1, head.accountedUpTo());
    Map<Long, SliceDigest> database;
    List<SliceRead> reads = new ArrayList<>();
    try (Connection c = source.getConnection()) {
      database = windowQuery.digests(c, lo, hi, width);
      metrics.windowQuery(table, "digest");
      metrics.rowsCompared(table, database.values().stream().mapToLong(SliceDigest::count).sum());
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
          metrics.windowQuery(table, "slice");
          metrics.rowsRead(table, "window", rows.size());
          reads.add(new SliceRead(runStart, s - 1, rows));
          runStart = Long.MIN_VALUE;
        }
      }
      c.commit();
    }
    long nowMillis = System.currentTimeMillis();
    for (SliceRead read : reads) {
      for (SourceRow row : read.rows()) {
        dispatcher.changed(row, nowMillis);
      }
      Map<Long, SliceDigest> after = window.digests(read.first(), read.last());
      for (long s = read.first(); s <= read.last(); s++) {
        SliceDigest db = database.get(s);
        if (db != null && !db.equals(after.get(s))) {
          // versions we accounted for are gone from the table (hard delete): stop re-reading until the slice changes
          acknowledgedMismatch.put(s, db);
          metrics.windowQuery(table, "mismatch");
        }
      }
    }
    schedule.swept(sweep, started);
    if (sweep.fromOldest()) {
      // no version below headNow - lateness can appear any more, and every slice up to the sweep's end agreed
      window.settle(Math.min(headNow - settings.latenessMicros(), (sweep.last() + 1) * width));
      long firstKept = window.sliceOf(window.settledBefore());
      acknowledgedMismatch.keySet().removeIf(s -> s < firstKept);
    }
    int emitted = dispatcher.pending();
    dispatcher.submitStreaming(context.offset().streaming(head, window.settledBefore()), false);
    return emitted;
  }
}
