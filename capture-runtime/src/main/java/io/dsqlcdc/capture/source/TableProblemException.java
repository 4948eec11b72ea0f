package io.dsqlcdc.capture.source;

/** A table cannot be captured as configured; the message names the table or column and what to do. */
public class TableProblemException extends RuntimeException {
  public TableProblemException(String message) {
    super(message);
  }
}
