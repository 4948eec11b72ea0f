package io.dsqlcdc.testsupport.kinesis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulator needs of a PostgreSQL table: its schema and name as DSQL's records spell them, each column's
 * SQL type (for casting parameters), and the primary key columns in key order.
 */
public record TableShape(String schema, String table, Map<String, String> columnTypes, List<String> keyColumns) {
  public TableShape {
    columnTypes = Collections.unmodifiableMap(new LinkedHashMap<>(columnTypes));
    keyColumns = List.copyOf(keyColumns);
    if (keyColumns.isEmpty()) {
      throw new IllegalArgumentException(schema + "." + table + " has no primary key: DSQL's records of such a "
          + "table carry no key, the simulator needs one");
    }
  }

  /** Reads the shape of a table named as in SQL ({@code orders} on the search path, or {@code sales.orders}). */
  public static TableShape load(Connection connection, String name) throws SQLException {
    String schema;
    String table;
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.oid = CAST(? AS regclass)")) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        schema = rows.getString(1);
        table = rows.getString(2);
      }
    }
    Map<String, String> types = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
            + "WHERE attrelid = CAST(? AS regclass) AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          types.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    List<String> key = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            + "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = CAST(? AS regclass) AND i.indisprimary "
            + "ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)")) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          key.add(rows.getString(1));
        }
      }
    }
    return new TableShape(schema, table, types, key);
  }

  /** The table as a quoted SQL name. */
  public String sqlName() {
    return quote(schema) + "." + quote(table);
  }

  /** The column's SQL type, failing for a column the table does not have. */
  public String typeOf(String column) {
    String type = columnTypes.get(column);
    if (type == null) {
      throw new IllegalArgumentException(schema + "." + table + " has no column " + column);
    }
    return type;
  }

  /** A quoted SQL identifier. */
  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
