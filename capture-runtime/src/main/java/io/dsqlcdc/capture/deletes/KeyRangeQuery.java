package io.dsqlcdc.capture.deletes;

import io.dsqlcdc.capture.event.TableReader;
import io.dsqlcdc.capture.source.ColumnSchema;
import io.dsqlcdc.capture.state.KeyOrder;
import io.dsqlcdc.capture.window.SliceDigest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hard-delete scan's queries over a key range of a table, in the order {@link KeyOrder} reproduces (text key
 * columns compared with {@code COLLATE "C"}): the range's digest, computed by the database without returning rows
 * (count, and the sum of {@code VersionHash.ofText} of each key text), and which of a list of keys are gone.
 */
final class KeyRangeQuery implements RangeComparison.Source {
  private final Connection connection;
  private final String table;
  private final String keyRow;
  private final String parameters;
  private final String keyText;
  private final int columns;
  private final String valueColumns;
  private final String tableKeyRow;
  private final String valueKeyRow;

  KeyRangeQuery(Connection connection, TableReader reader, KeyOrder order) {
    this.connection = connection;
    List<ColumnSchema> key = reader.schema().key();
    this.table = reader.schema().quotedName();
    StringBuilder row = new StringBuilder("(");
    for (int i = 0; i < key.size(); i++) {
      row.append(i == 0 ? "" : ", ").append(key.get(i).quotedName())
          .append(order.kinds().get(i) == KeyOrder.Kind.TEXT ? " COLLATE \"C\"" : "");
    }
    this.keyRow = row.append(')').toString();
    this.parameters = reader.keyParameters();
    this.keyText = reader.keyTextExpression();
    this.columns = key.size();
    StringBuilder values = new StringBuilder();
    StringBuilder tableRow = new StringBuilder("(");
    StringBuilder valueRow = new StringBuilder("(");
    for (int i = 0; i < key.size(); i++) {
      values.append(", c").append(i);
      tableRow.append(i == 0 ? "" : ", ").append("t.").append(key.get(i).quotedName());
      valueRow.append(i == 0 ? "" : ", ").append("v.c").append(i);
    }
    this.valueColumns = values.toString();
    this.tableKeyRow = tableRow.append(')').toString();
    this.valueKeyRow = valueRow.append(')').toString();
  }

  @Override
  public SliceDigest digest(List<String> after, List<String> upTo) throws SQLException {
    String sql = "SELECT count(*), sum(CAST('0x' || substr(md5(" + keyText + "), 1, 15) AS bigint)) FROM " + table
        + where(after, upTo);
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int p = bind(ps, 1, after);
      bind(ps, p, upTo);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        BigDecimal sum = rs.getBigDecimal(2);
        // the exact sum may pass 2^63; its low 64 bits are what the runtime adds up
        return new SliceDigest(rs.getLong(1), sum == null ? 0 : sum.toBigInteger().longValue());
      }
    }
  }

  @Override
  public Set<Integer> absent(List<RangeComparison.Key> keys) throws SQLException {
    // (VALUES (0, k0, k1), (1, ...)) v(i, c0, c1) anti-joined with the table: only the missing keys come back
    String row = "(CAST(? AS int4), " + parameters.substring(1);
    String sql = "SELECT v.i FROM (VALUES " + keys.stream().map(k -> row).collect(Collectors.joining(", "))
        + ") AS v(i" + valueColumns + ") WHERE NOT EXISTS (SELECT 1 FROM " + table + " t WHERE " + tableKeyRow
        + " = " + valueKeyRow + ")";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int p = 1;
      for (int i = 0; i < keys.size(); i++) {
        ps.setInt(p, i);
        p = bind(ps, p + 1, keys.get(i).values());
      }
      Set<Integer> out = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getInt(1));
        }
      }
      return out;
    }
  }

  private String where(List<String> after, List<String> upTo) {
    if (after == null && upTo == null) {
      return "";
    }
    if (after == null) {
      return " WHERE " + keyRow + " <= " + parameters;
    }
    return " WHERE " + keyRow + " > " + parameters + (upTo == null ? "" : " AND " + keyRow + " <= " + parameters);
  }

  private int bind(PreparedStatement ps, int first, List<String> values) throws SQLException {
    if (values == null) {
      return first;
    }
    if (values.size() != columns) {
      throw new IllegalArgumentException("a key of " + columns + " column(s) has " + values.size() + " value(s)");
    }
    for (int i = 0; i < values.size(); i++) {
      ps.setString(first + i, values.get(i));
    }
    return first + values.size();
  }
}
