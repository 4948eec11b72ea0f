package io.dsqlcdc.capture.dsqlstream;

/**
 * GetStream did not answer with the stream: an HTTP error with the service's error type (e.g. AccessDeniedException,
 * ResourceNotFoundException; {@code httpStatus} 0 when no response came) and message.
 */
public final class GetStreamException extends Exception {
  private final int httpStatus;
  private final String errorType;

  public GetStreamException(int httpStatus, String errorType, String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorType = errorType;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The service's error type without its namespace, or null. */
  public String errorType() {
    return errorType;
  }

  public boolean accessDenied() {
    return httpStatus == 403 || (errorType != null && errorType.contains("AccessDenied"));
  }

  public boolean notFound() {
    return httpStatus == 404 || "ResourceNotFoundException".equals(errorType);
  }
}
