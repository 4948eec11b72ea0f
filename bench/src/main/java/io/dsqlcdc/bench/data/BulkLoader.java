package io.dsqlcdc.bench.data;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** Fills a {@link BenchTable} with rows 1..n by COPY, in one transaction, before a snapshot is measured. */
public final class BulkLoader {
  private static final int CHUNK_ROWS = 5_000;

  private BulkLoader() {
  }

  public static void load(DataSource dataSource, String table, long rows) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
          .copyIn("COPY " + table + " (" + BenchTable.COLUMNS + ") FROM STDIN");
      StringBuilder chunk = new StringBuilder();
      for (long id = 1; id <= rows; id++) {
        chunk.append(BenchTable.copyLine(id));
        if (id % CHUNK_ROWS == 0 || id == rows) {
          byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
          copy.writeToCopy(bytes, 0, bytes.length);
          chunk.setLength(0);
        }
      }
      copy.endCopy();
    }
  }
}
