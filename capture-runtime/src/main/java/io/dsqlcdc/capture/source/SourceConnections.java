package io.dsqlcdc.capture.source;

import io.dsqlcdc.api.status.ConnectionStatus;
import javax.sql.DataSource;

/**
 * The only way capture code reaches the source database. An implementation owns its pools, credentials and
 * failover; {@link SourceConnectionsFactory} chooses one from {@code spec.source.auth.type}.
 */
public interface SourceConnections extends AutoCloseable {

  /** Connections to the currently active endpoint. */
  DataSource dataSource();

  /** The active endpoint and whether it can be reached now. */
  ConnectionStatus status();

  @Override
  void close();
}
