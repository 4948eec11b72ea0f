package io.dsqlcdc.capture.snapshot;

import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.capture.dispatch.EventDispatcher;
import io.dsqlcdc.capture.event.SnapshotMarker;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.event.TableReader;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.offsets.TableContext;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.source.ReadAhead;
import io.dsqlcdc.capture.status.TableProgress;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table's snapshot: its rows in key order, a chunk per step, each read in its own short read-only transaction (the
 * next chunk is read ahead while this one is emitted) and emitted as {@code r} events; the last live row of the last
 * chunk is marked {@code last}. Soft-deleted rows are skipped. The chunk's last key goes into the offset, so a
 * restarted snapshot continues after it.
 */
public final class SnapshotSource {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotSource.class);
  private final String table;
  private final int batchSize;
  private final ReadAhead<List<String>, List<SourceRow>> chunks;
  private final TableContext context;
  private final EventDispatcher dispatcher;
  private final CaptureMetrics metrics;
  private final TableProgress progress;
  /** Stream mode: the deletes the snapshot emits at its end; null otherwise. */
  private final VanishedKeys vanished;
  private boolean lastStepHadRows;

  /** @param readAhead runs the read of the next chunk while the current one is emitted */
  public SnapshotSource(TableReader reader, int batchSize, DataSource source, Executor readAhead,
                        TableContext context, EventDispatcher dispatcher, CaptureMetrics metrics,
                        TableProgress progress, VanishedKeys vanished) {
    this.table = progress.table();
    this.batchSize = batchSize;
    SnapshotQuery query = new SnapshotQuery(reader);
    int limit = batchSize + 1;
    this.chunks = new ReadAhead<>((c, afterKey) -> query.chunk(c, afterKey, limit), source, readAhead);
    this.context = context;
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.progress = progress;
    this.vanished = vanished;
  }

  /** Emits one chunk; true while more chunks follow. */
  public boolean step() throws SQLException, InterruptedException {
    progress.working(TableState.Snapshotting);
    long started = System.nanoTime();
    TableOffset offset = context.offset();
    List<SourceRow> rows = chunks.from(offset.snapshot().lastKey());
    metrics.rowsRead(table, "snapshot", rows.size());
    boolean last = rows.size() <= batchSize;
    List<SourceRow> chunk = last ? rows : rows.subList(0, batchSize);
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
    for (int i = 0; i < chunk.size(); i++) {
      SourceRow row = chunk.get(i);
      if (!row.deleted()) {
        dispatcher.snapshotted(row, last && i == lastLive ? SnapshotMarker.LAST : SnapshotMarker.TRUE, nowMillis);
      }
    }
    TableOffset next = chunk.isEmpty() ? offset
        : offset.snapshotChunk(chunk.get(chunk.size() - 1).keyValues(), chunk.size());
    if (last && vanished != null) {
      long deletes = vanished.sweep(offset.snapshot().startMicros() * 1000, next);
      if (deletes > 0) {
        LOG.info("table {}: {} key(s) held by consumers were not in the snapshot (deleted before it): d events",
            table, deletes);
      }
    }
    dispatcher.submit(last ? next.snapshotDone() : next);
    metrics.pollDuration(table, "snapshot", Duration.ofNanos(System.nanoTime() - started));
    lastStepHadRows = !chunk.isEmpty();
    if (last) {
      progress.working(TableState.Streaming);
    }
    return !last;
  }

  public boolean lastStepHadRows() {
    return lastStepHadRows;
  }

  /** Drops a chunk read ahead: the source is being replaced. */
  public void discard() {
    chunks.discard();
  }
}
