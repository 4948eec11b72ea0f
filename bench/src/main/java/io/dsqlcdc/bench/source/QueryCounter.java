package io.dsqlcdc.bench.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Counts, on the database side, the statements a role ran against each table: {@code pg_stat_statements} calls whose
 * text names the table, independent of what the runtime reports about itself. That is what a DSQL bill sees.
 */
public final class QueryCounter {
  private final DataSource superuser;
  private final String role;

  public QueryCounter(DataSource superuser, String role) {
    this.superuser = superuser;
    this.role = role;
  }

  /** Calls so far per table (statements whose text names the table as a whole word). */
  public Map<String, Long> calls(List<String> tables) throws SQLException {
    Map<String, Long> calls = new LinkedHashMap<>();
    try (Connection connection = superuser.getConnection();
         PreparedStatement query = connection.prepareStatement(
             "SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid "
                 + "WHERE r.rolname = ? AND s.query ~ ?")) {
      for (String table : tables) {
        query.setString(1, role);
        query.setString(2, "\\m" + table + "\\M");
        try (ResultSet rows = query.executeQuery()) {
          rows.next();
          calls.put(table, rows.getLong(1));
        }
      }
    }
    return calls;
  }

  public long total(List<String> tables) throws SQLException {
    return calls(tables).values().stream().mapToLong(Long::longValue).sum();
  }
}
