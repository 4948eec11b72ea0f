package io.dsqlcdc.capture.source;

import io.dsqlcdc.api.status.ConnectionReasons;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dsqlcdc.api.spec.Durations;
import io.dsqlcdc.api.spec.PoolSpec;
import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.api.spec.SourceTlsMode;
import io.dsqlcdc.api.status.ConnectionStatus;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** auth.type password: one pooled endpoint (the first), a fixed password, TLS as spec.source.tls says. */
final class PasswordSourceConnections implements SourceConnections {
  private final HikariDataSource pool;
  private final String endpoint;

  PasswordSourceConnections(SourceSpec source, String password) {
    this.endpoint = source.primaryEndpoint() + ":" + source.port();
    HikariConfig config = new HikariConfig();
    config.setPoolName("source-" + source.primaryEndpoint());
    config.setJdbcUrl("jdbc:postgresql://" + endpoint + "/" + source.database());
    config.setUsername(source.user());
    config.setPassword(password);
    PoolSpec pool = source.pool();
    config.setMaximumPoolSize(pool.maxSize());
    config.setMinimumIdle(pool.minIdle());
    config.setConnectionTimeout(Durations.parse(pool.connectionTimeout()).toMillis());
    config.setMaxLifetime(Durations.parse(pool.maxLifetime()).toMillis());
    // the pool must start even while the database is down: the runtime reports it and keeps retrying
    config.setInitializationFailTimeout(-1);
    // the capture only reads, each step in one snapshot (see SourceConnections)
    config.setAutoCommit(false);
    config.setReadOnly(true);
    config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
    config.addDataSourceProperty("sslmode", source.tls().mode().sslMode());
    if (source.tls().mode() != SourceTlsMode.DISABLE && source.tls().caFile() != null) {
      config.addDataSourceProperty("sslrootcert", source.tls().caFile());
    }
    config.addDataSourceProperty("ApplicationName", "dsql-cdc capture-runtime");
    this.pool = new HikariDataSource(config);
  }

  @Override
  public DataSource dataSource() {
    return pool;
  }

  @Override
  public ConnectionStatus status() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(5) ? ConnectionStatus.up(endpoint)
          : ConnectionStatus.down(endpoint, ConnectionReasons.CONNECTION_INVALID, "a pooled connection did not answer");
    } catch (SQLException e) {
      return ConnectionStatus.down(endpoint, SourceErrors.reason(e), SourceErrors.describe(e));
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
