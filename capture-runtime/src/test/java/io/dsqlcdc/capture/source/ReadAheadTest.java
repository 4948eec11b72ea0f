package io.dsqlcdc.capture.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dsqlcdc.api.spec.DecimalHandling;
import io.dsqlcdc.api.spec.TableSpec;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.event.TableReader;
import io.dsqlcdc.capture.snapshot.SnapshotQuery;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReadAheadTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();

  private static HikariDataSource source;
  private static ReadAhead<List<String>, List<SourceRow>> chunks;

  @BeforeAll
  static void tableOfTenRows() throws Exception {
    pg.execute("CREATE TABLE ahead (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO ahead (id) SELECT g FROM generate_series(1, 10) g");
    HikariConfig config = new HikariConfig();
    config.setDataSource(pg.superuserDataSource());
    config.setAutoCommit(false);
    source = new HikariDataSource(config);
    TableReader reader = new TableReader(new SchemaReader(source).read(new TableSpec("ahead", "updated_at")),
        DecimalHandling.STRING);
    // reads ahead on the calling thread, so a chunk read ahead is complete before the test goes on
    SnapshotQuery query = new SnapshotQuery(reader);
    chunks = new ReadAhead<>((c, afterKey) -> query.chunk(c, afterKey, 2), source, Runnable::run);
  }

  @AfterAll
  static void close() {
    source.close();
  }

  private static List<String> ids(List<SourceRow> rows) {
    return rows.stream().map(SourceRow::keyText).toList();
  }

  @Test
  void aReadMadeAheadIsServedWhenTheTableContinuesFromItsPosition() throws Exception {
    chunks.startFrom(List.of("3"));
    pg.execute("DELETE FROM ahead WHERE id = 4");
    try {
      assertThat(ids(chunks.from(List.of("3")))).as("read before the delete").containsExactly("4", "5");
    } finally {
      pg.execute("INSERT INTO ahead (id) VALUES (4)");
    }
  }

  @Test
  void aReadMadeAheadFromAnotherPositionIsDroppedAndTheReadMadeAgain() throws Exception {
    chunks.startFrom(List.of("3"));
    assertThat(ids(chunks.from(List.of("7")))).containsExactly("8", "9");
    assertThat(ids(chunks.from(null))).containsExactly("1", "2");
  }
}
