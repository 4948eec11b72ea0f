package io.dsqlcdc.capture.event;

import io.dsqlcdc.api.spec.DecimalHandling;
import io.dsqlcdc.capture.source.ColumnSchema;
import io.dsqlcdc.capture.source.SchemaChangedException;
import io.dsqlcdc.capture.source.TableSchema;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The SQL fragments every capture query of one table shares and the reading of a result row. A row is selected
 * as {@code *} (so a column added since the schema was read shows up in the result set instead of going missing),
 * then the cursor in epoch microseconds, then each key column as text. Each result set's metadata is checked against
 * the schema before a row is read: the column names and types must match, and the types' modifiers (length,
 * precision, scale) those of the first result set read; any difference is a {@link SchemaChangedException} and the
 * schema is read again. The check costs nothing on the wire: the metadata comes with every result set.
 */
public final class TableReader {
  /** The cursor position of a row whose cursor column is NULL. */
  public static final long NULL_CURSOR = Long.MIN_VALUE;

  private final TableSchema schema;
  private final List<ColumnMapping> mappings;
  private final String selectList;
  private final String orderByKey;
  private final String keyTextExpression;
  private final int softDeleteIndex;
  private final List<String> columnNames;
  private final List<String> columnTypes;
  /** Each column's type modifiers as the first result set reported them (length or precision, scale). */
  private final AtomicReference<List<String>> modifiers = new AtomicReference<>();

  public TableReader(TableSchema schema, DecimalHandling decimals) {
    this.schema = schema;
    List<ColumnMapping> m = new ArrayList<>();
    for (ColumnSchema c : schema.columns()) {
      m.add(TypeMapping.map(schema.qualifiedName(), c, decimals));
    }
    this.mappings = List.copyOf(m);
    // the extra columns get names of their own: unnamed, a CAST takes its column's name and ORDER BY turns ambiguous
    StringBuilder select = new StringBuilder();
    select.append('*');
    select.append(", ").append(cursorMicrosExpression()).append(" AS \"__dsqlcdc_cursor\"");
    for (int i = 0; i < schema.key().size(); i++) {
      select.append(", CAST(").append(schema.key().get(i).quotedName()).append(" AS text) AS \"__dsqlcdc_key")
          .append(i).append('"');
    }
    this.selectList = select.toString();
    this.orderByKey = schema.key().stream().map(ColumnSchema::quotedName).collect(Collectors.joining(", "));
    this.keyTextExpression = schema.key().stream().map(k -> "CAST(" + k.quotedName() + " AS text)")
        .collect(Collectors.joining(" || chr(31) || "));
    this.softDeleteIndex = schema.softDelete() == null ? -1 : schema.columns().indexOf(schema.softDelete());
    this.columnNames = schema.columns().stream().map(ColumnSchema::name).toList();
    this.columnTypes = schema.columns().stream().map(ColumnSchema::udtName).toList();
  }

  public TableSchema schema() {
    return schema;
  }

  public List<ColumnMapping> mappings() {
    return mappings;
  }

  /** {@code SELECT <columns>, <cursor micros>, <key texts> FROM <table>}. */
  public String selectFrom() {
    return "SELECT " + selectList + " FROM " + schema.quotedName();
  }

  public String cursorColumn() {
    return schema.cursor().quotedName();
  }

  /**
   * The cursor as exact epoch microseconds (EXTRACT returns numeric). Without a cursor column (stream mode) it is the
   * reading transaction's start time, which is no later than its snapshot: every version the snapshot saw committed
   * at or before it, so the change stream's records of those versions are at or below the key's high-water.
   */
  public String cursorMicrosExpression() {
    String time = schema.cursor() == null ? "now()" : cursorColumn();
    return "CAST(EXTRACT(EPOCH FROM " + time + ") * 1000000 AS bigint)";
  }

  /** A cursor value as bound in SQL: the parameter is an ISO-8601 string. */
  public String cursorParameter() {
    return "CAST(? AS " + schema.cursor().udtName() + ")";
  }

  public String orderByKey() {
    return orderByKey;
  }

  /** The key columns as a row value, e.g. {@code ("a", "b")}. */
  public String keyRow() {
    return "(" + orderByKey + ")";
  }

  /** Parameters matching {@link #keyRow()}, each a text cast to the column's type. */
  public String keyParameters() {
    return "(" + schema.key().stream().map(k -> "CAST(? AS " + k.udtName() + ")").collect(Collectors.joining(", ")) + ")";
  }

  /** The key as the same text {@link SourceRow#keyText()} builds, computed by the database. */
  public String keyTextExpression() {
    return keyTextExpression;
  }

  /** Every row of a capture query's result set, after checking its shape against the schema. */
  public List<SourceRow> readAll(ResultSet rs, int expectedRows) throws SQLException {
    checkShape(rs.getMetaData());
    List<SourceRow> rows = new ArrayList<>(expectedRows);
    while (rs.next()) {
      rows.add(read(rs));
    }
    return rows;
  }

  /**
   * Compares the result set's table columns (all but the trailing cursor and key texts) with the schema; the
   * metadata's names and type names come with the result set, so this adds no round trip.
   */
  void checkShape(ResultSetMetaData md) throws SQLException {
    int n = md.getColumnCount() - 1 - schema.key().size();
    List<String> names = new ArrayList<>(n);
    List<String> types = new ArrayList<>(n);
    List<String> mods = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      names.add(md.getColumnLabel(i));
      types.add(baseTypeName(md.getColumnTypeName(i)));
      mods.add(md.getPrecision(i) + "," + md.getScale(i));
    }
    if (!names.equals(columnNames) || !types.equals(columnTypes)) {
      throw new SchemaChangedException(schema.qualifiedName(), "columns " + describe(columnNames, columnTypes)
          + " became " + describe(names, types));
    }
    if (!modifiers.compareAndSet(null, mods) && !modifiers.get().equals(mods)) {
      throw new SchemaChangedException(schema.qualifiedName(), "type modifiers " + modifiers.get() + " became "
          + mods);
    }
  }

  /**
   * The catalog's name of a result column's type: the PostgreSQL driver names an integer column whose default is a
   * sequence ({@code serial}, {@code bigserial}, {@code smallserial}) after the pseudo-type it was declared with, which
   * the catalog stores as the plain integer type.
   */
  static String baseTypeName(String driverTypeName) {
    return switch (driverTypeName) {
      case "serial" -> "int4";
      case "bigserial" -> "int8";
      case "smallserial" -> "int2";
      default -> driverTypeName;
    };
  }

  private static String describe(List<String> names, List<String> types) {
    List<String> out = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      out.add(names.get(i) + " " + types.get(i));
    }
    return "(" + String.join(", ", out) + ")";
  }

  public SourceRow read(ResultSet rs) throws SQLException {
    int n = mappings.size();
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      values[i] = mappings.get(i).reader().read(rs, i + 1);
    }
    long cursor = rs.getLong(n + 1);
    if (rs.wasNull()) {
      // only a snapshot reads such rows; streaming conditions on the cursor never match NULL
      cursor = NULL_CURSOR;
    }
    List<String> key = new ArrayList<>(schema.key().size());
    for (int i = 0; i < schema.key().size(); i++) {
      key.add(rs.getString(n + 2 + i));
    }
    return new SourceRow(values, cursor, key, isDeleted(values));
  }

  private boolean isDeleted(Object[] values) {
    if (softDeleteIndex < 0) {
      return false;
    }
    Object v = values[softDeleteIndex];
    return v instanceof Boolean b ? b : v != null;
  }
}
