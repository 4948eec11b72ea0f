package io.dsqlcdc.testsupport.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A transaction held open on its own connection until {@link #commit()}, {@link #rollback()} or {@link #close()}
 * (which rolls back what was not committed). Its writes stay invisible to others until commit, and rows stamped
 * with {@code now()} carry the transaction's start time: a late commit as DSQL allows for up to five minutes.
 */
public final class HeldTransaction implements AutoCloseable {
  private final Connection connection;

  HeldTransaction(Connection connection) throws SQLException {
    this.connection = connection;
    connection.setAutoCommit(false);
    // pin the start time (now()) at open, not at the first statement
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT now()");
    }
  }

  /** Runs statements inside the held transaction. */
  public HeldTransaction execute(String... sql) {
    try (Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
      return this;
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Commits; the writes become visible now, with the start-time stamps they were written with. */
  public void commit() {
    try {
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Rolls back; nothing of the transaction becomes visible. */
  public void rollback() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Rolls back anything not committed and closes the connection. */
  @Override
  public void close() {
    try (connection) {
      if (!connection.isClosed()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
