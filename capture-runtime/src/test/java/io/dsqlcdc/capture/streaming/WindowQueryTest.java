package io.dsqlcdc.capture.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dsqlcdc.api.spec.DecimalHandling;
import io.dsqlcdc.api.spec.TableSpec;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.event.TableReader;
import io.dsqlcdc.capture.source.SchemaReader;
import io.dsqlcdc.capture.window.SliceDigest;
import io.dsqlcdc.capture.window.UnsettledWindow;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The database computes the same slice digests as the window, so only slices that really differ are read. */
class WindowQueryTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();

  private static final long WIDTH = 100_000;

  @Test
  void databaseDigestsEqualTheWindowsForTheSameVersions() throws Exception {
    pg.execute("CREATE TABLE digest_twin (region text, id bigint, updated_at timestamptz NOT NULL,"
            + " PRIMARY KEY (region, id))",
        "INSERT INTO digest_twin SELECT 'r' || (i % 3), i, timestamptz '2026-11-24 10:00:00+00'"
            + " + i * interval '7 milliseconds' FROM generate_series(1, 2000) i");
    TableReader reader = reader("digest_twin");
    WindowQuery query = new WindowQuery(reader);
    try (Connection c = pg.superuserDataSource().getConnection()) {
      Accounted accounted = accountEveryRow(query, c);
      List<SourceRow> rows = accounted.rows();
      UnsettledWindow window = accounted.window();
      long lo = accounted.lo();
      long hi = accounted.hi();

      Map<Long, SliceDigest> database = query.digests(c, lo, hi, WIDTH);

      assertThat(rows).hasSize(2000);
      assertThat(database).hasSizeGreaterThan(100).isEqualTo(window.digests(window.sliceOf(lo), window.sliceOf(hi)));
    }
  }

  @Test
  void aRowTheWindowHasNotSeenMakesOnlyItsSliceDiffer() throws Exception {
    pg.execute("CREATE TABLE digest_late (id text PRIMARY KEY, updated_at timestamptz NOT NULL)",
        "INSERT INTO digest_late SELECT 'k' || i, timestamptz '2026-11-24 10:00:00+00'"
            + " + i * interval '10 milliseconds' FROM generate_series(1, 500) i");
    TableReader reader = reader("digest_late");
    WindowQuery query = new WindowQuery(reader);
    try (Connection c = pg.superuserDataSource().getConnection()) {
      Accounted accounted = accountEveryRow(query, c);
      List<SourceRow> rows = accounted.rows();
      UnsettledWindow window = accounted.window();
      long lo = accounted.lo();
      long hi = accounted.hi();
      pg.execute("INSERT INTO digest_late VALUES ('late', timestamptz '2026-11-24 10:00:01.234+00')");

      Map<Long, SliceDigest> database = query.digests(c, lo, hi, WIDTH);
      Map<Long, SliceDigest> ours = window.digests(window.sliceOf(lo), window.sliceOf(hi));

      long lateSlice = window.sliceOf(rows.get(122).cursorMicros());
      assertThat(database.keySet()).isEqualTo(ours.keySet());
      database.forEach((slice, digest) -> assertThat(digest.equals(ours.get(slice))).as("slice " + slice)
          .isEqualTo(slice != lateSlice));
    }
  }

  /** Every row of the table, and a window that accounted for each; lo and hi are the first and last cursor. */
  private record Accounted(List<SourceRow> rows, UnsettledWindow window, long lo, long hi) {
  }

  private static Accounted accountEveryRow(WindowQuery query, Connection c) throws Exception {
    List<SourceRow> rows = query.rows(c, 0, 4_102_444_800_000_000L);
    UnsettledWindow window = new UnsettledWindow(WIDTH, 0);
    rows.forEach(r -> window.record(r.keyText(), r.cursorMicros()));
    return new Accounted(rows, window, rows.get(0).cursorMicros(), rows.get(rows.size() - 1).cursorMicros());
  }

  private static TableReader reader(String table) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(pg.superuserDataSource());
    config.setAutoCommit(false);
    try (HikariDataSource source = new HikariDataSource(config)) {
      return new TableReader(new SchemaReader(source).read(new TableSpec(table, "updated_at")), DecimalHandling.STRING);
    }
  }
}
