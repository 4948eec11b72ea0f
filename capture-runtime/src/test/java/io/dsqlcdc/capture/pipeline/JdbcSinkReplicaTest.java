package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.testsupport.connect.JdbcSinkWorker;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Acceptance 4 of issue 12: Debezium's JDBC sink ({@code delete.enabled=true}) consumes the pipeline's topic into a
 * second PostgreSQL database, which ends equal to the source after inserts, updates, soft deletes and hard deletes.
 */
class JdbcSinkReplicaTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @Test
  void aJdbcSinkReplicaEqualsTheSourceAfterInsertsUpdatesSoftAndHardDeletes() throws Exception {
    pg.execute("CREATE TABLE replica_items (id int PRIMARY KEY, name text, qty int, deleted_at timestamptz,"
            + " updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO replica_items (id, name, qty, updated_at) SELECT g, 'item ' || g, g % 7,"
            + " now() - interval '1 hour' FROM generate_series(1, 500) g");
    PostgresExtension.Database target = pg.createDatabase("replica_target");
    String topic = "replica.public.replica_items";
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("replica",
        "[{name: replica_items, cursor: updated_at, softDelete: {column: deleted_at},"
            + " hardDeletes: {enabled: true, scanInterval: 1s}}]",
        "{pollInterval: 100ms, maxPollInterval: 300ms, maxTransactionDuration: 5s}", "{schemas: true}"));
         JdbcSinkWorker sink = JdbcSinkWorker.start(kafka.bootstrapServers(), List.of(topic),
             new JdbcSinkWorker.Target(target.jdbcUrl(), target.user(), target.password()),
             Map.of("collection.name.format", "replica_items"))) {
      awaitEqual(sink, target);
      pg.execute("INSERT INTO replica_items (id, name, qty) SELECT g, 'new ' || g, 1 FROM generate_series(501, 600) g",
          "UPDATE replica_items SET qty = qty + 100, name = name || ' v2', updated_at = now() WHERE id % 10 = 0",
          "UPDATE replica_items SET deleted_at = now(), updated_at = now() WHERE id % 25 = 1",
          "DELETE FROM replica_items WHERE id % 30 = 2 OR id BETWEEN 200 AND 260 OR id = 600",
          // soft deleted first, then hard deleted: consumers saw its delete once
          "DELETE FROM replica_items WHERE id = 26");
      int compared = awaitEqual(sink, target);
      System.out.printf("FIGURE jdbc sink replica: %d live rows equal in source and replica after inserts, updates,"
              + " soft and hard deletes; %d records applied by Debezium's JDBC sink; %.0f hard deletes%n", compared,
          sink.recordsWritten(), pipeline.metrics().count("dsqlcdc.hard_delete.deletes"));
    }
  }

  /** Waits until the replica holds exactly the source's live rows; returns how many. */
  private int awaitEqual(JdbcSinkWorker sink, PostgresExtension.Database target) {
    List<String> expected = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
      sink.awaitCaughtUp(Duration.ofSeconds(30));
      List<String> source = rows(pg.superuserDataSource(), "WHERE deleted_at IS NULL");
      return source.equals(rows(target.dataSource(), "")) ? source : null;
    }, r -> r != null);
    assertThat(expected).isNotEmpty();
    return expected.size();
  }

  private static List<String> rows(DataSource db, String where) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id, name, qty FROM replica_items " + where + " ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getInt(3));
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        // the sink has not created the table yet
        return rows;
      }
      throw e;
    }
    return rows;
  }
}
