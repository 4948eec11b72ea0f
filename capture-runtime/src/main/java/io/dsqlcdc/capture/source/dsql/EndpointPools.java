package io.dsqlcdc.capture.source.dsql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dsqlcdc.api.spec.Durations;
import io.dsqlcdc.api.spec.PoolSpec;

/** A HikariCP pool per endpoint, asking for credentials (a fresh or cached token) on every new connection. */
final class EndpointPools {
  private EndpointPools() {
  }

  static HikariDataSource open(Endpoint endpoint, JdbcSettings jdbc, PoolSpec pool, EndpointCredentials credentials) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("dsql-" + endpoint.address());
    config.setJdbcUrl(jdbc.url(endpoint));
    config.setDataSourceProperties(jdbc.properties(endpoint));
    config.setCredentialsProvider(() -> credentials.forEndpoint(endpoint));
    config.setMaximumPoolSize(pool.maxSize());
    config.setMinimumIdle(pool.minIdle());
    config.setConnectionTimeout(Durations.parse(pool.connectionTimeout()).toMillis());
    // DSQL ends every connection after 60 minutes; the validator keeps this below that.
    config.setMaxLifetime(Durations.parse(pool.maxLifetime()).toMillis());
    // The SourceConnections contract: the capture only reads, each step in one snapshot that ends with commit.
    config.setAutoCommit(false);
    config.setReadOnly(true);
    config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
    // Start even when the endpoint is down: a peer may serve meanwhile, and the pool keeps trying.
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }
}
