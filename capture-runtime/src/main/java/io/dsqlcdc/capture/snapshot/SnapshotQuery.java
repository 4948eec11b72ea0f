package io.dsqlcdc.capture.snapshot;

import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.event.TableReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** One snapshot chunk: the next rows in key order after a key (keyset pagination). */
public final class SnapshotQuery {
  private final TableReader reader;
  private final String first;
  private final String next;

  public SnapshotQuery(TableReader reader) {
    this.reader = reader;
    String order = " ORDER BY " + reader.orderByKey() + " LIMIT ?";
    this.first = reader.selectFrom() + order;
    this.next = reader.selectFrom() + " WHERE " + reader.keyRow() + " > " + reader.keyParameters() + order;
  }

  /** Up to {@code limit} rows after {@code afterKey} (from the start when null). */
  public List<SourceRow> chunk(Connection c, List<String> afterKey, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(afterKey == null ? first : next)) {
      int p = 1;
      if (afterKey != null) {
        for (String k : afterKey) {
          ps.setString(p++, k);
        }
      }
      ps.setInt(p, limit);
      try (ResultSet rs = ps.executeQuery()) {
        return reader.readAll(rs, limit);
      }
    }
  }
}
