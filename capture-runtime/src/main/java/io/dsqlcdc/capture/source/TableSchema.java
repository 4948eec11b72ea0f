package io.dsqlcdc.capture.source;

import io.dsqlcdc.api.spec.TableSpec;
import java.util.List;

/**
 * A captured table: its columns in order, key columns, cursor and optional soft-delete column.
 *
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

  public String quotedName() {
    return Identifiers.quote(spec.schema()) + "." + Identifiers.quote(spec.table());
  }
}
