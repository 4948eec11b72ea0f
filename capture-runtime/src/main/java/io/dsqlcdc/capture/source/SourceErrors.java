package io.dsqlcdc.capture.source;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** Which database errors are worth another attempt: lost connections, DSQL's capacity limits, OCC conflicts. */
public final class SourceErrors {
  /** Too many connections (DSQL: 10,000 per cluster) and connection rate (DSQL: 100/s, burst 1,000). */
  private static final Set<String> CAPACITY = Set.of("53300", "53400");
  /** Backend ended by the server: administrator command, crash, starting up (a retired or restarted session). */
  private static final Set<String> SERVER_ENDED = Set.of("57P01", "57P02", "57P03");
  /** Serialization failure; DSQL's optimistic concurrency reports it with OC000 (data) or OC001 (schema). */
  private static final String SERIALIZATION_FAILURE = "40001";

  private SourceErrors() {
  }

  /** True when running the same read again, on a fresh connection, may succeed. */
  public static boolean isRetryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && isRetryableState(sql)) {
        return true;
      }
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /** True when the connection itself was lost or could not be had (as opposed to a failing statement). */
  public static boolean isConnectionFailure(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
          || t instanceof IOException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || SERVER_ENDED.contains(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRetryableState(SQLException e) {
    String state = e.getSQLState();
    if (e instanceof SQLTransientConnectionException || e instanceof SQLRecoverableException) {
      return true;
    }
    if (state == null) {
      return false;
    }
    return state.startsWith("08") || CAPACITY.contains(state) || SERVER_ENDED.contains(state)
        || SERIALIZATION_FAILURE.equals(state);
  }
}
