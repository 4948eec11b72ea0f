package io.dsqlcdc.capture.deletes;

import io.dsqlcdc.capture.dispatch.EventDispatcher;
import io.dsqlcdc.capture.event.EventFactory;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.event.TableReader;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.offsets.TableContext;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.source.DbClock;
import io.dsqlcdc.capture.state.KeyOrder;
import io.dsqlcdc.capture.state.KeyState;
import io.dsqlcdc.capture.state.KeyStateStore;
import io.dsqlcdc.capture.status.TableProgress;
import io.dsqlcdc.capture.window.VersionHash;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A table's hard-delete scan: every {@code scanInterval} it walks the table's keys in primary-key order, ranges of
 * 100,000 of the keys the pipeline holds at a time, one short read-only transaction each, and compares each range
 * with the table ({@link RangeComparison}). Each key found gone becomes {@code d} plus a tombstone, submitted with the
 * scan's position in the table's offset, in one Kafka transaction: a restart resumes after the last range committed,
 * and a delete is neither lost nor emitted twice.
 *
 * <p>Races: the range's digests and key lookups read one snapshot taken after every version the key states were
 * built from (the scan runs only when the head is caught up, with no page read ahead), so a key absent from it was
 * deleted after the version we emitted; an insert during the scan is a key we do not hold yet and is never reported;
 * a key deleted and inserted again is either present in the snapshot (no {@code d}) or comes after it, with a newer
 * cursor, as {@code c} after the {@code d}.
 */
public final class HardDeleteScan {
  /** Keys of ours compared per scan step. */
  public static final int RANGE_KEYS = 100_000;

  private final String table;
  private final TableReader reader;
  private final KeyOrder order;
  private final long intervalMillis;
  private final DataSource source;
  private final TableContext context;
  private final EventFactory events;
  private final EventDispatcher dispatcher;
  private final CaptureMetrics metrics;
  private final TableProgress progress;
  private final boolean[] integers;

  public HardDeleteScan(TableReader reader, KeyOrder order, Duration interval, DataSource source,
                        TableContext context, EventFactory events, EventDispatcher dispatcher, CaptureMetrics metrics,
                        TableProgress progress) {
    this.table = progress.table();
    this.reader = reader;
    this.order = order;
    this.intervalMillis = interval.toMillis();
    this.source = source;
    this.context = context;
    this.events = events;
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.progress = progress;
    metrics.hardDeleteTable(table);
    this.integers = order.integerColumns();
    progress.hardDeletes(scanOf(context.offset()));
  }

  private static TableOffset.DeleteScan scanOf(TableOffset offset) {
    return offset.deleteScan() == null ? TableOffset.DeleteScan.never() : offset.deleteScan();
  }

  /** How long until the next scan is due: zero while one runs or is due. */
  public java.time.Duration untilDue(long nowMillis) {
    TableOffset.DeleteScan scan = scanOf(context.offset());
    if (scan.running() || scan.lastCompletedMillis() == null) {
      return java.time.Duration.ZERO;
    }
    return java.time.Duration.ofMillis(Math.max(0, scan.startedMillis() + intervalMillis - nowMillis));
  }

  /** Whether a scan is under way or due now. */
  public boolean due(long nowMillis) {
    TableOffset.DeleteScan scan = scanOf(context.offset());
    return scan.running() || scan.lastCompletedMillis() == null || nowMillis - scan.startedMillis() >= intervalMillis;
  }

  /**
   * One range of the scan (starting a scan when one is due); call only when the head is caught up and nothing is
   * pending. Returns true while the scan has ranges left.
   */
  public boolean step() throws SQLException, InterruptedException {
    long nowMillis = System.currentTimeMillis();
    if (!due(nowMillis)) {
      return false;
    }
    TableOffset.DeleteScan scan = scanOf(context.offset());
    if (!scan.running()) {
      scan = scan.start(nowMillis);
    }
    KeyStateStore store = context.state().store();
    byte[] after = scan.position() == null ? null : order.encode(scan.position());
    List<KeyStateStore.OrderedKey> held = store.orderedKeys(after, null, RANGE_KEYS + 1);
    boolean last = held.size() <= RANGE_KEYS;
    List<RangeComparison.Key> ours = new ArrayList<>(Math.min(held.size(), RANGE_KEYS));
    for (int i = 0; i < Math.min(held.size(), RANGE_KEYS); i++) {
      String keyText = held.get(i).keyText();
      ours.add(new RangeComparison.Key(order.values(keyText), keyText, VersionHash.ofText(keyText)));
    }
    List<String> upTo = last ? null : ours.get(ours.size() - 1).values();
    RangeComparison.Result result;
    long foundMicros;
    try (Connection c = source.getConnection()) {
      foundMicros = DbClock.nowMicros(c);
      result = RangeComparison.compare(new KeyRangeQuery(c, reader, order), ours, scan.position(), upTo);
      c.commit();
    }
    int deletes = 0;
    long emittedAt = System.currentTimeMillis();
    for (RangeComparison.Key gone : result.gone()) {
      KeyState state = context.state().current(gone.keyText());
      if (state == null) {
        // deleted since (a soft delete, a batch not committed yet): nothing consumers hold
        continue;
      }
      SourceRow keyRow = new SourceRow(events.keyOnlyValues(gone.values(), integers), foundMicros, gone.values(),
          false);
      dispatcher.hardDeleted(keyRow, state, emittedAt);
      deletes++;
    }
    TableOffset.DeleteScan next = scan.step(last ? null : upTo, ours.size(), result.rangesReRead(), deletes,
        System.currentTimeMillis());
    dispatcher.submit(context.offset().withDeleteScan(next));
    metrics.hardDeleteStep(table, ours.size(), result.rangesReRead(), result.queries() + 1, result.keysDigested(),
        result.rowsReturned() + 1, deletes);
    if (last) {
      metrics.hardDeleteScanCompleted(table, Duration.ofMillis(System.currentTimeMillis() - next.startedMillis()));
    }
    progress.hardDeletes(next);
    return !last;
  }
}
