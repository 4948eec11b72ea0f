package io.dsqlcdc.capture.sink;

/** The writer can no longer commit; the runtime must stop and resume from the committed state. */
public class SinkFailedException extends RuntimeException {
  public SinkFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
