package io.dsqlcdc.capture.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The database's clock: now() is the transaction's start, the time writers stamp their cursors with. */
public final class DbClock {
  private DbClock() {
  }

  public static long nowMicros(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT CAST(EXTRACT(EPOCH FROM now()) * 1000000 AS bigint)")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
