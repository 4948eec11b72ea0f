package io.dsqlcdc.capture.source;

import java.sql.SQLException;

/** Short reasons and messages for database errors, as status shows them. */
public final class SourceErrors {
  private SourceErrors() {
  }

  public static String reason(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return "ConnectionFailed";
    }
    if (state.startsWith("08")) {
      return "ConnectionFailed";
    }
    if (state.startsWith("28")) {
      return "AuthenticationFailed";
    }
    if (state.equals("42501")) {
      return "PermissionDenied";
    }
    return "SqlState" + state;
  }

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
}
