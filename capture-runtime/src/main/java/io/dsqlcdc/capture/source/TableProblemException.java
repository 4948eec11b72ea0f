package io.dsqlcdc.capture.source;

/**
 * A table cannot be captured as configured; the message names the table or column and what to do, the reason (one
 * of the api's {@code TableReasons}, or null) classifies it for status.
 */
public class TableProblemException extends RuntimeException {
  private final String reason;

  public TableProblemException(String message) {
    this(null, message);
  }

  public TableProblemException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The status reason, null when the failure has none of its own. */
  public String reason() {
    return reason;
  }
}
