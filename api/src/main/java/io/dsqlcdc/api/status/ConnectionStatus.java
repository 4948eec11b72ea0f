package io.dsqlcdc.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Whether the runtime can reach one side (source or sink). The operator turns it into the
 * SourceConnected / SinkConnected conditions, taking reason and message as they are.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionStatus(boolean connected, String endpoint, String reason, String message) {

  public static ConnectionStatus up(String endpoint) {
    return new ConnectionStatus(true, endpoint, ConnectionReasons.CONNECTED, null);
  }

  public static ConnectionStatus down(String endpoint, String reason, String message) {
    return new ConnectionStatus(false, endpoint, reason, message);
  }
}
