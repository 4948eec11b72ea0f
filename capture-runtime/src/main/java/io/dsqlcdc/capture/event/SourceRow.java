package io.dsqlcdc.capture.event;

import java.util.List;

/**
 * One row version read from a table.
 *
 * @param values       JSON-ready field values in column order
 * @param cursorMicros the cursor column as microseconds since the epoch
 * @param keyValues    the key columns as PostgreSQL text, for keyset positions and the window's per-key map
 * @param deleted      the soft-delete column marks the row deleted
 */
public record SourceRow(Object[] values, long cursorMicros, List<String> keyValues, boolean deleted) {

  /** The key as one string: the key columns' text joined by the unit separator, as the window digest builds it. */
  public String keyText() {
    return keyValues.size() == 1 ? keyValues.get(0) : String.join(KEY_SEPARATOR, keyValues);
  }

  public static final String KEY_SEPARATOR = "\u001f";
}
