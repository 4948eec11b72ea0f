package io.dsqlcdc.capture.source;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Runs a table's next read (a snapshot chunk, a head page), in its own short transaction, while the current one's
 * events are built and committed: the source's round trip and the runtime's work overlap instead of taking turns. A
 * read made ahead is used only when the table continues exactly from the position it was made for; otherwise the
 * read runs again.
 *
 * @param <P> the position a read starts from
 * @param <R> what the read returns
 */
public final class ReadAhead<P, R> {
  /** One read, in the transaction of the connection it is given. */
  public interface Read<P, R> {
    R read(Connection c, P position) throws SQLException;
  }

  private record Pending<P, R>(P position, CompletableFuture<R> result) {
  }

  private final Read<P, R> read;
  private final DataSource source;
  private final Executor executor;
  private Pending<P, R> pending;

  public ReadAhead(Read<P, R> read, DataSource source, Executor executor) {
    this.read = read;
    this.source = source;
    this.executor = executor;
  }

  /** The read from {@code position}: the one made ahead when it starts there, else made now. */
  public R from(P position) throws SQLException {
    Pending<P, R> ahead = pending;
    pending = null;
    if (ahead != null && Objects.equals(ahead.position(), position)) {
      try {
        return ahead.result().join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        throw e;
      }
    }
    if (ahead != null) {
      ahead.result().cancel(false);
    }
    return readNow(position);
  }

  /** Starts the read from {@code position} on the executor. */
  public void startFrom(P position) {
    discard();
    pending = new Pending<>(position, CompletableFuture.supplyAsync(() -> {
      try {
        return readNow(position);
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }, executor));
  }

  /** Drops a read made ahead (the table's state is being rebuilt). */
  public void discard() {
    if (pending != null) {
      pending.result().cancel(false);
      pending = null;
    }
  }

  private R readNow(P position) throws SQLException {
    try (Connection c = source.getConnection()) {
      R result = read.read(c, position);
      c.commit();
      return result;
    }
  }
}
