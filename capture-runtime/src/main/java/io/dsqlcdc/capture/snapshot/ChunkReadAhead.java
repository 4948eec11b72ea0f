package io.dsqlcdc.capture.snapshot;

import io.dsqlcdc.capture.event.SourceRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Reads a table's next snapshot chunk, in its own short transaction, while the current chunk's events are built
 * and committed: the source's round trip and the runtime's work overlap instead of taking turns. A chunk read ahead
 * is used only when the snapshot resumes exactly where it was read from; otherwise it is read again.
 */
public final class ChunkReadAhead {
  private record Pending(List<String> afterKey, CompletableFuture<List<SourceRow>> rows) {
  }

  private final SnapshotQuery query;
  private final DataSource source;
  private final Executor executor;
  private Pending pending;

  public ChunkReadAhead(SnapshotQuery query, DataSource source, Executor executor) {
    this.query = query;
    this.source = source;
    this.executor = executor;
  }

  /** The chunk after {@code afterKey}: the one read ahead when it starts there, else read now. */
  public List<SourceRow> chunk(List<String> afterKey, int limit) throws SQLException {
    Pending ahead = pending;
    pending = null;
    if (ahead != null && Objects.equals(ahead.afterKey(), afterKey)) {
      try {
        return ahead.rows().join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        throw e;
      }
    }
    if (ahead != null) {
      ahead.rows().cancel(false);
    }
    return read(afterKey, limit);
  }

  /** Starts reading the chunk after {@code afterKey}. */
  public void readAhead(List<String> afterKey, int limit) {
    discard();
    pending = new Pending(afterKey, CompletableFuture.supplyAsync(() -> {
      try {
        return read(afterKey, limit);
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, executor));
  }

  /** Drops a chunk read ahead (the table's state is being rebuilt). */
  public void discard() {
    if (pending != null) {
      pending.rows().cancel(false);
      pending = null;
    }
  }

  private List<SourceRow> read(List<String> afterKey, int limit) throws SQLException {
    try (Connection c = source.getConnection()) {
      List<SourceRow> rows = query.chunk(c, afterKey, limit);
      c.commit();
      return rows;
    }
  }
}
