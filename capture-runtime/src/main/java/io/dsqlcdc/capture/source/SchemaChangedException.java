package io.dsqlcdc.capture.source;

import java.sql.SQLException;

/**
 * A capture query's result set has another shape than the table's known schema: a column was added, dropped,
 * renamed or changed its type since the schema was read. Nothing of that result was used; the schema is read
 * again and the step carries on with it.
 */
public final class SchemaChangedException extends SQLException {
  public SchemaChangedException(String table, String detail) {
    super("the shape of table " + table + " changed: " + detail);
  }
}
