package io.dsqlcdc.bench.environment;

import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The one PostgreSQL server and the one Kafka broker every subject of the run shares. PostgreSQL runs with
 * {@code wal_level=logical} for Debezium and {@code pg_stat_statements} so source queries are counted on the
 * database side. Debezium connects as its own role {@code debezium} with REPLICATION and read access; the
 * publications it streams from are created by the bench as superuser, so that role needs no table ownership.
 */
public final class BenchEnvironment implements AutoCloseable {
  public static final String DEBEZIUM_USER = "debezium";

  private final PostgresExtension postgres = PostgresExtension.builder()
      .serverSetting("wal_level", "logical")
      .serverSetting("max_replication_slots", "8")
      .serverSetting("max_wal_senders", "8")
      .serverSetting("shared_preload_libraries", "pg_stat_statements")
      .serverSetting("pg_stat_statements.track", "top")
      .serverSetting("pg_stat_statements.max", "10000")
      .build();
  private final KafkaExtension kafka = KafkaExtension.inProcess();
  private final String debeziumPassword = UUID.randomUUID().toString();

  public BenchEnvironment start() {
    try {
      postgres.start();
      postgres.execute(
          "CREATE EXTENSION pg_stat_statements",
          "CREATE ROLE " + DEBEZIUM_USER + " LOGIN REPLICATION PASSWORD '" + debeziumPassword + "'",
          "GRANT pg_read_all_data TO " + DEBEZIUM_USER);
      kafka.start();
      return this;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public PostgresExtension postgres() {
    return postgres;
  }

  public KafkaExtension kafka() {
    return kafka;
  }

  public String debeziumPassword() {
    return debeziumPassword;
  }

  /** Superuser connections that send a multi-row INSERT per JDBC batch, for the load generators. */
  public DataSource writerDataSource() {
    PGSimpleDataSource source = (PGSimpleDataSource) postgres.superuserDataSource();
    source.setReWriteBatchedInserts(true);
    return source;
  }

  public String postgresVersion() {
    return String.valueOf(postgres.queryForLong("SELECT current_setting('server_version_num')::bigint"));
  }

  @Override
  public void close() {
    try {
      kafka.close();
    } finally {
      postgres.close();
    }
  }
}
