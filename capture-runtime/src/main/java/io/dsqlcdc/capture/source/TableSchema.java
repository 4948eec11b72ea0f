package io.dsqlcdc.capture.source;

import io.dsqlcdc.api.spec.TableSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A captured table: its columns in order, key columns, cursor and optional soft-delete column.
 *
 * @param cursor        the cursor column; null in stream mode, where a row's version is its commit time in the
 *                      change stream (and, for a snapshotted row, the snapshot's read time)
 * @param cursorIndexed an index leads with the cursor column, so head scans and window digests are range scans
 */
public record TableSchema(TableSpec spec, List<ColumnSchema> columns, List<ColumnSchema> key, ColumnSchema cursor,
                          ColumnSchema softDelete, boolean cursorIndexed) {

  public TableSchema {
    columns = List.copyOf(columns);
    key = List.copyOf(key);
  }

  public String schemaName() {
    return spec.schema();
  }

  public String tableName() {
    return spec.table();
  }

  public String qualifiedName() {
    return spec.qualifiedName();
  }

  public List<String> keyNames() {
    return key.stream().map(ColumnSchema::name).toList();
  }

  /** The columns the capture cannot do without, each with its role: key columns, the cursor, the soft-delete column. */
  public Map<String, String> dependentColumns() {
    Map<String, String> roles = new LinkedHashMap<>();
    key.forEach(k -> roles.put(k.name(), "key column"));
    if (cursor != null) {
      roles.put(cursor.name(), "cursor column");
    }
    if (softDelete != null) {
      roles.put(softDelete.name(), "soft-delete column");
    }
    return roles;
  }

  /**
   * The table's shape in 16 hex digits: columns (name, type, nullability) in order and the key. Equal shapes give
   * equal events, so a restarted runtime compares it with the one in its offset to tell whether the shape changed.
   */
  public String fingerprint() {
    StringBuilder text = new StringBuilder();
    for (ColumnSchema c : columns) {
      text.append(c.name()).append(' ').append(c.typeText()).append(c.optional() ? " null" : " not null")
          .append(c.timePrecision() == null ? "" : " p" + c.timePrecision()).append('\n');
    }
    text.append("key ").append(String.join(",", keyNames()));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  public String quotedName() {
    return Identifiers.quote(spec.schema()) + "." + Identifiers.quote(spec.table());
  }
}
