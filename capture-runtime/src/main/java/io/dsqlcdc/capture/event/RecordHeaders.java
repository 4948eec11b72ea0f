package io.dsqlcdc.capture.event;

/**
 * Headers on every event record that let a restarted runtime rebuild its state from the topic without parsing
 * values: the key as the database's text, the cursor (epoch µs) and the op.
 */
public final class RecordHeaders {
  public static final String KEY = "dsqlcdc.key";
  public static final String CURSOR = "dsqlcdc.cursor";
  public static final String OP = "dsqlcdc.op";

  private RecordHeaders() {
  }
}
