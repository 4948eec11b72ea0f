package io.dsqlcdc.testsupport.kinesis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The writes of one test transaction: each runs as SQL on the transaction's PostgreSQL connection (with
 * {@code RETURNING} for the stored row image) and is recorded in a {@link WriteSet}. A row is addressed by its full
 * primary key; values are bound as parameters cast to the column's type, so strings work for json, uuid, numeric,
 * dates and the like, and {@code byte[]} for bytea.
 */
public final class SimulatedTransaction {
  private final Connection connection;
  private final Function<String, TableShape> shapes;
  private final WriteSet writes = new WriteSet();

  SimulatedTransaction(Connection connection, Function<String, TableShape> shapes) {
    this.connection = connection;
    this.shapes = shapes;
  }

  /** Inserts a row and returns its stored image (defaults filled) as DSQL's records carry it. */
  public Map<String, Object> insert(String table, Map<String, ?> row) {
    TableShape shape = shapes.apply(table);
    List<String> columns = new ArrayList<>(row.keySet());
    String sql = "INSERT INTO " + shape.sqlName() + " ("
        + columns.stream().map(TableShape::quote).collect(Collectors.joining(", ")) + ") VALUES ("
        + columns.stream().map(column -> cast(shape, column)).collect(Collectors.joining(", ")) + ") RETURNING *";
    Map<String, Object> image = one(sql, columns.stream().map(row::get).toList());
    writes.inserted(shape, keyOf(shape, image), image);
    return image;
  }

  /**
   * Updates the row with this key and returns its new image, or null when there is no such row. Changing a key
   * column is a delete of the old key and an insert of the new one, as it is for DSQL's per-row records.
   */
  public Map<String, Object> update(String table, Map<String, ?> key, Map<String, ?> changes) {
    TableShape shape = shapes.apply(table);
    requireFullKey(shape, key);
    Map<String, Object> oldKey = null;
    if (changes.keySet().stream().anyMatch(shape.keyColumns()::contains)) {
      oldKey = one("SELECT " + keyList(shape) + " FROM " + shape.sqlName() + " WHERE " + where(shape, key)
          + " FOR UPDATE", new ArrayList<>(key.values()));
      if (oldKey == null) {
        return null;
      }
    }
    List<String> columns = new ArrayList<>(changes.keySet());
    List<Object> parameters = new ArrayList<>(columns.stream().map(changes::get).toList());
    parameters.addAll(key.values());
    Map<String, Object> image = one("UPDATE " + shape.sqlName() + " SET "
        + columns.stream().map(column -> TableShape.quote(column) + " = " + cast(shape, column))
            .collect(Collectors.joining(", "))
        + " WHERE " + where(shape, key) + " RETURNING *", parameters);
    if (image == null) {
      return null;
    }
    Map<String, Object> newKey = keyOf(shape, image);
    if (oldKey != null && !oldKey.equals(newKey)) {
      writes.deleted(shape, oldKey);
      writes.inserted(shape, newKey, image);
    } else {
      writes.updated(shape, newKey, image);
    }
    return image;
  }

  /** Deletes the row with this key; false when there was none. */
  public boolean delete(String table, Map<String, ?> key) {
    TableShape shape = shapes.apply(table);
    requireFullKey(shape, key);
    Map<String, Object> deleted = one("DELETE FROM " + shape.sqlName() + " WHERE " + where(shape, key)
        + " RETURNING " + keyList(shape), new ArrayList<>(key.values()));
    if (deleted == null) {
      return false;
    }
    writes.deleted(shape, deleted);
    return true;
  }

  WriteSet writes() {
    return writes;
  }

  private static void requireFullKey(TableShape shape, Map<String, ?> key) {
    if (!key.keySet().equals(Set.copyOf(shape.keyColumns()))) {
      throw new IllegalArgumentException(shape.schema() + "." + shape.table() + " rows are addressed by "
          + shape.keyColumns() + ", not " + key.keySet());
    }
  }

  private static String cast(TableShape shape, String column) {
    return "CAST(? AS " + shape.typeOf(column) + ")";
  }

  private static String where(TableShape shape, Map<String, ?> key) {
    return key.keySet().stream().map(column -> TableShape.quote(column) + " = " + cast(shape, column))
        .collect(Collectors.joining(" AND "));
  }

  private static String keyList(TableShape shape) {
    return shape.keyColumns().stream().map(TableShape::quote).collect(Collectors.joining(", "));
  }

  private static Map<String, Object> keyOf(TableShape shape, Map<String, Object> image) {
    Map<String, Object> key = new LinkedHashMap<>();
    shape.keyColumns().forEach(column -> key.put(column, image.get(column)));
    return key;
  }

  /** Runs a statement returning at most one row and gives that row as DSQL JSON values, or null. */
  private Map<String, Object> one(String sql, List<?> parameters) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return null;
        }
        ResultSetMetaData meta = rows.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
          row.put(meta.getColumnName(column), DsqlCdcValues.of(rows, column));
        }
        return row;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage() + " (" + sql + ")", e);
    }
  }
}
