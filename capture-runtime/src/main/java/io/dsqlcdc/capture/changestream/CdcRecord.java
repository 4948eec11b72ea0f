package io.dsqlcdc.capture.changestream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row's net change in one committed transaction, complete (a {@code full} record, or a {@code chunked} one whose
 * images were reassembled).
 *
 * @param op     the operation code as sent: {@code c}, {@code u}, {@code d}, or one DSQL may add later, which is an
 *               upsert of {@code after} (the guide's advice): only {@code d} is a delete
 * @param before for a delete, the deleted row's key columns; otherwise null
 * @param after  the row after the change, every column; null for a delete
 * @param tsNs   when the CDC system processed the record (not the commit time, which is {@code source.tsNs})
 */
public record CdcRecord(String op, Map<String, JsonNode> before, Map<String, JsonNode> after, CdcSource source,
                        long tsMs, long tsNs) implements CdcMessage {

  public CdcRecord {
    before = before == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(before));
    after = after == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(after));
  }

  public boolean isDelete() {
    return "d".equals(op);
  }

  /** The image that carries the key: {@code before} for a delete, {@code after} otherwise. */
  public Map<String, JsonNode> keyImage() {
    return isDelete() ? before : after;
  }
}
