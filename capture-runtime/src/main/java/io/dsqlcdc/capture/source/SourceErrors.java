package io.dsqlcdc.capture.source;

import io.dsqlcdc.api.status.ConnectionReasons;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * What a database error means, by its SQLState and cause chain (the one place the runtime reads SQLStates), and how
 * it is told to the user, never with a credential in it.
 */
public final class SourceErrors {
  /** Too many connections (DSQL: 10,000 per cluster) and connection rate (DSQL: 100/s, burst 1,000). */
  private static final Set<String> CONNECTION_LIMIT = Set.of("53300", "53400");
  /** Backend ended by the server: administrator command, crash, starting up (a retired or restarted session). */
  private static final Set<String> SERVER_ENDED = Set.of("57P01", "57P02", "57P03");
  /** Serialization failure; DSQL's optimistic concurrency reports it with OC000 (data) or OC001 (schema). */
  private static final String SERIALIZATION_FAILURE = "40001";
  /** Invalid password, invalid authorization (DSQL: an IAM token for a role not mapped to its IAM role). */
  private static final Set<String> LOGIN_REFUSED = Set.of("28P01", "28000");
  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  /** Undefined table, undefined schema, undefined column. */
  private static final Set<String> UNDEFINED_TABLE = Set.of("42P01", "3F000");
  private static final String UNDEFINED_COLUMN = "42703";
  /** PostgreSQL's "cached plan must not change result type": a prepared statement outlived a DDL on its table. */
  private static final String FEATURE_NOT_SUPPORTED = "0A000";

  private SourceErrors() {
  }

  /**
   * True when running the same read again, on a fresh connection, may succeed: a lost connection, DSQL's capacity
   * limits, a session the server ended, an optimistic-concurrency conflict.
   */
  public static boolean isRetryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
          || t instanceof IOException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null && isRetryableState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRetryableState(String state) {
    return state.startsWith("08") || CONNECTION_LIMIT.contains(state) || SERVER_ENDED.contains(state)
        || SERIALIZATION_FAILURE.equals(state);
  }

  /** Whether {@code e} has a SQLState and it is one of {@code states} (Set.of refuses to look up null). */
  private static boolean stateIn(SQLException e, Set<String> states) {
    return e.getSQLState() != null && states.contains(e.getSQLState());
  }

  public static boolean isLoginRefused(SQLException e) {
    return stateIn(e, LOGIN_REFUSED);
  }

  public static boolean isPermissionDenied(SQLException e) {
    return INSUFFICIENT_PRIVILEGE.equals(e.getSQLState());
  }

  public static boolean isConnectionLimit(SQLException e) {
    return stateIn(e, CONNECTION_LIMIT);
  }

  /** The table or its schema does not exist. */
  public static boolean isUndefinedTable(SQLException e) {
    return stateIn(e, UNDEFINED_TABLE);
  }

  public static boolean isUndefinedColumn(SQLException e) {
    return UNDEFINED_COLUMN.equals(e.getSQLState());
  }

  /**
   * True when the query failed because the table's shape changed under it: the result set did not match the
   * known schema, a column it names is gone, or a prepared plan's result type changed. The schema is read again.
   */
  public static boolean isSchemaChange(SQLException e) {
    return e instanceof SchemaChangedException || isUndefinedColumn(e)
        || FEATURE_NOT_SUPPORTED.equals(e.getSQLState()) && e.getMessage() != null
        && e.getMessage().contains("cached plan must not change result type");
  }

  /** The status reason of a connection that failed with {@code e}. */
  public static String reason(SQLException e) {
    String state = e.getSQLState();
    if (state == null || state.startsWith("08")) {
      return ConnectionReasons.CONNECTION_FAILED;
    }
    if (state.startsWith("28")) {
      return ConnectionReasons.AUTHENTICATION_FAILED;
    }
    if (isPermissionDenied(e)) {
      return ConnectionReasons.PERMISSION_DENIED;
    }
    return ConnectionReasons.sqlState(state);
  }

  /** The message, the root cause's when it adds to it, and the SQLState. */
  public static String describe(SQLException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage();
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message = message + " (" + root.getMessage() + ")";
    }
    return e.getSQLState() == null ? message : message + " [SQLSTATE " + e.getSQLState() + "]";
  }

  /** Why reading {@code table} as {@code user} failed, and what to do. */
  public static String describeTableFailure(String table, String user, SQLException e) {
    if (isPermissionDenied(e)) {
      return "permission denied on table " + table + ": GRANT SELECT ON " + table + " TO " + user
          + " [" + describe(e) + "]";
    }
    if (isUndefinedTable(e) || isUndefinedColumn(e)) {
      return "table " + table + " changed while capturing (" + describe(e) + "): the schema is read again";
    }
    return "table " + table + ": " + describe(e);
  }
}
