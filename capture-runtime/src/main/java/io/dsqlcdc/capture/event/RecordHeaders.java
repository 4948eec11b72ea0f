package io.dsqlcdc.capture.event;

/**
 * Headers on every event record that let a restarted runtime rebuild its state from the topic without parsing
 * values: the key as the database's text, the cursor (epoch µs) and the op; and the version of the table's shape
 * the event was built under (1 when first captured, one more at each change of its columns or key).
 */
public final class RecordHeaders {
  public static final String KEY = "dsqlcdc.key";
  public static final String CURSOR = "dsqlcdc.cursor";
  public static final String OP = "dsqlcdc.op";
  public static final String SCHEMA_VERSION = "dsqlcdc.schema.version";

  private RecordHeaders() {
  }
}
