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
    List<TableStatus> tables,
    ChangeStreamStatus stream) {

  public RuntimeStatus {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  /** A poll mode runtime's status: no change stream. */
  public RuntimeStatus(String pipeline, Phase phase, Instant startedAt, ConnectionStatus source, ConnectionStatus sink,
                       List<TableStatus> tables) {
    this(pipeline, phase, startedAt, source, sink, tables, null);
  }
}
