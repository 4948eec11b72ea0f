package io.dsqlcdc.bench.data;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark's table shape: about 200 bytes per row of mixed types, every value derived from the row's id so runs
 * are repeatable. {@code updated_at} (default {@code now()}, the transaction's start) is the capture cursor, indexed
 * with the key the way a user of query-based capture would.
 */
public final class BenchTable {
  private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
  private static final String[] REGIONS = {"us-east-1", "eu-west-1", "ap-south-1", "sa-east-1"};
  static final String COLUMNS = "id, uid, name, amount, qty, active, attrs";

  private BenchTable() {
  }

  public static String[] ddl(String table) {
    return new String[] {
        "CREATE TABLE " + table + " (id bigint PRIMARY KEY, uid uuid NOT NULL, name text NOT NULL, "
            + "amount numeric(12,2) NOT NULL, qty integer NOT NULL, active boolean NOT NULL, attrs jsonb NOT NULL, "
            + "updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE INDEX " + table + "_cursor ON " + table + " (updated_at, id)"};
  }

  public static String insertSql(String table) {
    return "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)";
  }

  /** Binds row {@code id}'s values to an {@link #insertSql} statement. */
  public static void bind(PreparedStatement insert, long id) throws SQLException {
    insert.setLong(1, id);
    insert.setObject(2, uid(id));
    insert.setString(3, name(id));
    insert.setBigDecimal(4, amount(id));
    insert.setInt(5, qty(id));
    insert.setBoolean(6, active(id));
    insert.setString(7, attrs(id));
  }

  /** Row {@code id}'s values by column, for writers that take a row as a map (the DSQL stream simulator). */
  public static Map<String, Object> values(long id) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("uid", uid(id));
    row.put("name", name(id));
    row.put("amount", amount(id));
    row.put("qty", qty(id));
    row.put("active", active(id));
    row.put("attrs", attrs(id));
    return row;
  }

  /** Row {@code id} as a line of COPY text format, in {@link #COLUMNS} order. */
  static String copyLine(long id) {
    return id + "\t" + uid(id) + "\t" + name(id) + "\t" + amount(id).toPlainString() + "\t" + qty(id) + "\t"
        + (active(id) ? "t" : "f") + "\t" + attrs(id) + "\n";
  }

  private static UUID uid(long id) {
    return new UUID(id * 0x9E3779B97F4A7C15L, id);
  }

  private static String name(long id) {
    return String.format(Locale.ROOT, "customer %08d %s %s %s", id, WORDS[(int) (id % 8)], WORDS[(int) (id / 8 % 8)],
        WORDS[(int) (id / 64 % 8)]);
  }

  private static BigDecimal amount(long id) {
    return BigDecimal.valueOf(id * 7919 % 10_000_000, 2);
  }

  private static int qty(long id) {
    return (int) (id % 1000);
  }

  private static boolean active(long id) {
    return id % 3 != 0;
  }

  private static String attrs(long id) {
    return "{\"tier\": \"" + WORDS[(int) (id % 5)] + "\", \"region\": \"" + REGIONS[(int) (id % 4)]
        + "\", \"score\": " + (id % 97) + ", \"tags\": [\"t" + (id % 11) + "\", \"t" + (id % 13) + "\"]}";
  }
}
