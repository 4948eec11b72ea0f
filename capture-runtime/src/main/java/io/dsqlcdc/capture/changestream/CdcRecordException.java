package io.dsqlcdc.capture.changestream;

/**
 * A change stream record the relay cannot use: not the DSQL CDC format, a field missing or of the wrong kind, a
 * value that does not fit its column, or fragments that cannot be reassembled. The message names the record's
 * shard and sequence number (or the table and column) and what is wrong.
 */
public final class CdcRecordException extends RuntimeException {
  public CdcRecordException(String message) {
    super(message);
  }

  public CdcRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
