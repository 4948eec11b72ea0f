package io.dsqlcdc.capture.source;

import io.dsqlcdc.api.status.ConnectionStatus;
import javax.sql.DataSource;

/** The database side of the runtime: where connections come from, and whether they can be had. */
public interface SourceConnections extends AutoCloseable {
  DataSource dataSource();

  ConnectionStatus status();

  @Override
  void close();
}
