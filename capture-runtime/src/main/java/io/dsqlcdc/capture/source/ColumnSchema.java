package io.dsqlcdc.capture.source;

import java.util.Locale;

/**
 * One column as the catalog describes it.
 *
 * @param udtName       PostgreSQL type name, e.g. {@code int4}, {@code varchar}, {@code _int4} for an array
 * @param length        character length or numeric precision, when the type declares one
 * @param scale         numeric scale, when declared
 * @param timePrecision fractional-second digits of time types (6 when undeclared)
 * @param position      the column's number in the table (PostgreSQL's attnum, kept by a rename, never reused), 0
 *                      when unknown
 */
public record ColumnSchema(String name, String udtName, Integer length, Integer scale, Integer timePrecision,
                           boolean optional, int position) {

  public ColumnSchema(String name, String udtName, Integer length, Integer scale, Integer timePrecision,
                      boolean optional) {
    this(name, udtName, length, scale, timePrecision, optional, 0);
  }

  /** The type as DDL would write it, e.g. {@code varchar(10)}, {@code numeric(12,2)}, {@code _int4}. */
  public String typeText() {
    if (length == null) {
      return udtName;
    }
    return udtName + "(" + length + (scale == null ? "" : "," + scale) + ")";
  }

  public boolean isArray() {
    return udtName.startsWith("_");
  }

  /** The element type of an array, or the type itself. */
  public String baseType() {
    return isArray() ? udtName.substring(1) : udtName;
  }

  /** Debezium's {@code __debezium.source.column.type}: the type name in upper case. */
  public String sourceTypeName() {
    return udtName.toUpperCase(Locale.ROOT);
  }

  public String quotedName() {
    return Identifiers.quote(name);
  }
}
