package io.dsqlcdc.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** The capture runtime's {@code GET /status} document, which the operator reads. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuntimeStatus(
    String pipeline,
    Phase phase,
    Instant startedAt,
    ConnectionStatus source,
    ConnectionStatus sink,
    List<TableStatus> tables) {

  public RuntimeStatus {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }
}
