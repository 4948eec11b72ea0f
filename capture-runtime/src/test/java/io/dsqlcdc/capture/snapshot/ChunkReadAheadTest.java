package io.dsqlcdc.capture.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dsqlcdc.api.spec.DecimalHandling;
import io.dsqlcdc.api.spec.TableSpec;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.source.SchemaReader;
import io.dsqlcdc.capture.source.TableReader;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChunkReadAheadTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();

  private static HikariDataSource source;
  private static ChunkReadAhead chunks;

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
    chunks = new ChunkReadAhead(new SnapshotQuery(reader), source, Runnable::run);
  }

  @AfterAll
  static void close() {
    source.close();
  }

  private static List<String> ids(List<SourceRow> rows) {
    return rows.stream().map(SourceRow::keyText).toList();
  }

  @Test
  void theChunkReadAheadIsServedWhenTheSnapshotResumesWhereItWasRead() throws Exception {
    chunks.readAhead(List.of("3"), 2);
    pg.execute("DELETE FROM ahead WHERE id = 4");
    try {
      assertThat(ids(chunks.chunk(List.of("3"), 2))).as("read before the delete").containsExactly("4", "5");
    } finally {
      pg.execute("INSERT INTO ahead (id) VALUES (4)");
    }
  }

  @Test
  void aChunkReadAheadFromAnotherKeyIsDroppedAndTheChunkReadAgain() throws Exception {
    chunks.readAhead(List.of("3"), 2);
    assertThat(ids(chunks.chunk(List.of("7"), 2))).containsExactly("8", "9");
    assertThat(ids(chunks.chunk(null, 2))).containsExactly("1", "2");
  }
}
