package io.dsqlcdc.capture.streaming;

import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.event.TableReader;
import io.dsqlcdc.capture.source.CursorValues;
import io.dsqlcdc.capture.source.TableProblemException;
import io.dsqlcdc.capture.window.SliceDigest;
import io.dsqlcdc.capture.window.VersionHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Queries over the unsettled window: the per-slice digest the database computes (one row per slice, without
 * shipping rows; see {@link VersionHash}), and the rows of one slice when its digest differs from what was emitted.
 */
public final class WindowQuery {
  private static final String INVALID_TEXT_REPRESENTATION = "22P02";
  private final TableReader reader;
  private final String digestSql;
  private final String sliceSql;

  public WindowQuery(TableReader reader) {
    this.reader = reader;
    String cursor = reader.cursorColumn();
    String param = reader.cursorParameter();
    // per slice: how many versions, and the sum of each version's VersionHash; no sort, one row per slice
    this.digestSql = "SELECT m / ? AS s, count(*), sum(CAST('0x' || substr(md5(CAST(m AS text) || ':' || k), 1, 15)"
        + " AS bigint)) FROM (SELECT " + reader.cursorMicrosExpression() + " AS m, " + reader.keyTextExpression()
        + " AS k FROM " + reader.schema().quotedName() + " WHERE " + cursor + " >= " + param + " AND " + cursor
        + " <= " + param + ") v GROUP BY 1";
    this.sliceSql = reader.selectFrom() + " WHERE " + cursor + " >= " + param + " AND " + cursor + " < " + param
        + " ORDER BY " + cursor + ", " + reader.orderByKey();
  }

  public Map<Long, SliceDigest> digests(Connection c, long lo, long hi, long sliceWidth) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(digestSql)) {
      ps.setLong(1, sliceWidth);
      ps.setString(2, text(lo));
      ps.setString(3, text(hi));
      Map<Long, SliceDigest> out = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // the exact sum may pass 2^63; its low 64 bits are what the window keeps
          out.put(rs.getLong(1), new SliceDigest(rs.getLong(2), rs.getBigDecimal(3).toBigInteger().longValue()));
        }
      } catch (SQLException e) {
        if (INVALID_TEXT_REPRESENTATION.equals(e.getSQLState())) {
          throw new TableProblemException("table " + reader.schema().qualifiedName() + ": the source rejects the"
              + " window digest's hexadecimal integer input (CAST('0x...' AS bigint), PostgreSQL 16 or later);"
              + " late rows cannot be checked on this source: " + e.getMessage());
        }
        throw e;
      }
      return out;
    }
  }

  /** Rows with {@code from <= cursor < to}, in (cursor, key) order. */
  public List<SourceRow> rows(Connection c, long from, long to) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sliceSql)) {
      ps.setString(1, text(from));
      ps.setString(2, text(to));
      try (ResultSet rs = ps.executeQuery()) {
        return reader.readAll(rs, 16);
      }
    }
  }

  private String text(long micros) {
    return CursorValues.toSqlText(micros, reader.schema().cursor().udtName());
  }
}
