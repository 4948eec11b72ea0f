package io.dsqlcdc.capture.streaming;

import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.event.TableReader;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.source.CursorValues;
import io.dsqlcdc.capture.source.DbClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The head scan: rows after the last position in (cursor, key) order, a page at a time. */
public final class HeadQuery {
  private final TableReader reader;
  private final String fromCursor;
  private final String afterPosition;

  public HeadQuery(TableReader reader) {
    this.reader = reader;
    String order = " ORDER BY " + reader.cursorColumn() + ", " + reader.orderByKey() + " LIMIT ?";
    this.fromCursor = reader.selectFrom() + " WHERE " + reader.cursorColumn() + " >= " + reader.cursorParameter() + order;
    String keyParams = reader.keyParameters();
    this.afterPosition = reader.selectFrom() + " WHERE (" + reader.cursorColumn() + ", "
        + reader.orderByKey() + ") > (" + reader.cursorParameter() + ", " + keyParams.substring(1) + order;
  }

  /** One head page and the database's time in the snapshot it was read in. */
  public record Page(long nowMicros, List<SourceRow> rows) {
  }

  /**
   * The database's time and up to {@code limit} rows after the head (from its cursor on, inclusive, when its key is
   * null), in the connection's transaction.
   */
  public Page read(Connection c, TableOffset.Head head, int limit) throws SQLException {
    long now = DbClock.nowMicros(c);
    return new Page(now, page(c, head.cursorMicros(), head.key(), limit));
  }

  /** Rows with (cursor, key) after the position; a null key means from the cursor on, inclusive. */
  public List<SourceRow> page(Connection c, long cursor, List<String> key, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(key == null ? fromCursor : afterPosition)) {
      int p = 1;
      ps.setString(p++, CursorValues.toSqlText(cursor, reader.schema().cursor().udtName()));
      if (key != null) {
        for (String k : key) {
          ps.setString(p++, k);
        }
      }
      ps.setInt(p, limit);
      try (ResultSet rs = ps.executeQuery()) {
        return reader.readAll(rs, Math.min(limit, 10_000));
      }
    }
  }
}
