package io.dsqlcdc.capture.source;

import io.dsqlcdc.api.status.ConnectionStatus;
import javax.sql.DataSource;

/**
 * The only way capture code reaches the source database. An implementation owns its pools, credentials and
 * failover; {@link SourceConnectionsFactory} chooses one from {@code spec.source.auth.type}.
 *
 * <p>Connections come read-only, with auto-commit off and isolation REPEATABLE READ (DSQL's only level), so that
 * each capture step reads one snapshot and ends with commit; the pool resets them on return.
 */
public interface SourceConnections extends AutoCloseable {

  /** Connections to the currently active endpoint. */
  DataSource dataSource();

  /** The active endpoint and whether it can be reached now. */
  ConnectionStatus status();

  @Override
  void close();
}
