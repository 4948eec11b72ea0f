package io.dsqlcdc.capture.source;

import io.dsqlcdc.api.spec.TableSpec;
import io.dsqlcdc.api.status.TableReasons;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/** Reads a table's columns and primary key from catalogs DSQL supports (information_schema, pg_index). */
public final class SchemaReader {
  private static final Set<String> CURSOR_TYPES = Set.of("timestamptz", "timestamp");
  private static final String COLUMNS = """
      SELECT column_name, udt_name, character_maximum_length, numeric_precision, numeric_scale,
             datetime_precision, is_nullable, ordinal_position
      FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position""";
  private static final String PRIMARY_KEY = """
      SELECT a.attname
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
      WHERE i.indisprimary AND n.nspname = ? AND c.relname = ?
      ORDER BY array_position(i.indkey::int2[], a.attnum)""";
  private static final String INDEXES_LEADING_WITH = """
      SELECT count(*)
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
      WHERE n.nspname = ? AND c.relname = ? AND a.attname = ?""";

  private final DataSource dataSource;

  public SchemaReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** What the catalog says about a table, before it is checked against the spec. */
  private record Catalog(Map<String, ColumnSchema> columns, List<String> primaryKey, boolean cursorIndexed) {
  }

  /** A schema read again while the table is captured, and how it differs from the one before. */
  public record Reread(TableSchema schema, SchemaDiff diff) {
  }

  public TableSchema read(TableSpec spec) throws SQLException {
    Catalog catalog = catalog(spec);
    return assemble(spec, catalog.columns(), catalog.primaryKey(), catalog.cursorIndexed());
  }

  /**
   * Reads the schema of a table being captured again (its shape changed) and compares it with {@code previous}.
   * A column the capture depends on (key, cursor, soft-delete column) that was dropped or renamed, or a changed
   * primary key, is a {@link TableProblemException} with a reason from {@link TableReasons} naming the column.
   */
  public Reread reread(TableSchema previous) throws SQLException {
    TableSpec spec = previous.spec();
    Catalog catalog = catalog(spec);
    List<String> key = spec.key() != null ? spec.key() : catalog.primaryKey();
    SchemaDiff diff = SchemaDiff.between(previous.columns(), previous.keyNames(),
        List.copyOf(catalog.columns().values()), key);
    previous.dependentColumns().forEach((column, role) -> {
      if (!catalog.columns().containsKey(column)) {
        throw new TableProblemException(TableReasons.DEPENDENT_COLUMN_DROPPED, "the " + role + " " + column
            + " of table " + spec.qualifiedName() + " was " + diff.lost(column).orElse("dropped")
            + " while the table was captured: its capture stops (the other tables flow); add the column back,"
            + " or name its replacement in spec.tables[]");
      }
    });
    if (!key.equals(previous.keyNames())) {
      throw keyChanged(spec, previous.keyNames(), key);
    }
    return new Reread(assemble(spec, catalog.columns(), catalog.primaryKey(), catalog.cursorIndexed()), diff);
  }

  /** The table's key columns are not those its offsets and key states were built with. */
  public static TableProblemException keyChanged(TableSpec spec, List<String> before, List<String> now) {
    return new TableProblemException(TableReasons.PRIMARY_KEY_CHANGED, "the primary key of table "
        + spec.qualifiedName() + " changed from (" + String.join(", ", before) + ") to (" + String.join(", ", now)
        + ") while the table was captured: events are keyed by it, so its capture stops (the other tables flow);"
        + " restore the key, or set spec.tables[].key: [" + String.join(", ", before) + "] to keep the old one");
  }

  private Catalog catalog(TableSpec spec) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try {
        Map<String, ColumnSchema> columns = columns(c, spec);
        List<String> pk = primaryKey(c, spec);
        boolean cursorIndexed = cursorIndexed(c, spec);
        c.commit();
        return new Catalog(columns, pk, cursorIndexed);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static Map<String, ColumnSchema> columns(Connection c, TableSpec spec) throws SQLException {
    Map<String, ColumnSchema> columns = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
      ps.setString(1, spec.schema());
      ps.setString(2, spec.table());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String udt = rs.getString(2);
          Integer length = nullableInt(rs, 3);
          Integer scale = null;
          if (udt.equals("numeric")) {
            length = nullableInt(rs, 4);
            scale = nullableInt(rs, 5);
          }
          ColumnSchema col = new ColumnSchema(rs.getString(1), udt, length, scale, nullableInt(rs, 6),
              "YES".equals(rs.getString(7)), rs.getInt(8));
          columns.put(col.name(), col);
        }
      }
    }
    return columns;
  }

  private static List<String> primaryKey(Connection c, TableSpec spec) throws SQLException {
    List<String> pk = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(PRIMARY_KEY)) {
      ps.setString(1, spec.schema());
      ps.setString(2, spec.table());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          pk.add(rs.getString(1));
        }
      }
    }
    return pk;
  }

  private static boolean cursorIndexed(Connection c, TableSpec spec) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INDEXES_LEADING_WITH)) {
      ps.setString(1, spec.schema());
      ps.setString(2, spec.table());
      ps.setString(3, spec.cursor());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  static TableSchema assemble(TableSpec spec, Map<String, ColumnSchema> columns, List<String> primaryKey,
                              boolean cursorIndexed) {
    String table = spec.qualifiedName();
    if (columns.isEmpty()) {
      throw new TableProblemException("table " + table + " does not exist or the capture user cannot see it: "
          + "create it, or GRANT SELECT ON " + table + " to the capture user");
    }
    List<String> keyNames = spec.key() != null ? spec.key() : primaryKey;
    if (keyNames.isEmpty()) {
      throw new TableProblemException("table " + table + " has no primary key: add one, or name key columns "
          + "in spec.tables[].key");
    }
    List<ColumnSchema> key = new ArrayList<>();
    for (String k : keyNames) {
      ColumnSchema col = columns.get(k);
      if (col == null) {
        throw new TableProblemException("key column " + k + " of table " + table + " does not exist: fix spec.tables[].key");
      }
      key.add(col);
    }
    ColumnSchema cursor = spec.cursor() == null ? null : columns.get(spec.cursor());
    if (cursor == null && spec.cursor() != null) {
      throw new TableProblemException("cursor column " + spec.cursor() + " of table " + table + " does not exist: "
          + "fix spec.tables[].cursor (a timestamp column set from now() on every insert and update)");
    }
    if (cursor != null && !CURSOR_TYPES.contains(cursor.udtName())) {
      throw new TableProblemException("cursor column " + spec.cursor() + " of table " + table + " has type "
          + cursor.udtName() + ": the cursor must be a timestamptz or timestamp column set from now()");
    }
    ColumnSchema softDelete = null;
    if (spec.softDelete() != null) {
      softDelete = columns.get(spec.softDelete().column());
      if (softDelete == null) {
        throw new TableProblemException("soft-delete column " + spec.softDelete().column() + " of table " + table
            + " does not exist: fix spec.tables[].softDelete.column");
      }
    }
    return new TableSchema(spec, List.copyOf(columns.values()), key, cursor, softDelete, cursorIndexed);
  }

  private static Integer nullableInt(ResultSet rs, int index) throws SQLException {
    int v = rs.getInt(index);
    return rs.wasNull() ? null : v;
  }
}
