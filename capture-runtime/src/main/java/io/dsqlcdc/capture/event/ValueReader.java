package io.dsqlcdc.capture.event;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one column of the current row as the JSON value of its event field (null for SQL NULL). */
@FunctionalInterface
public interface ValueReader {
  Object read(ResultSet rs, int index) throws SQLException;
}
