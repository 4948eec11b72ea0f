package io.dsqlcdc.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One table as the runtime reports it in /status and the operator copies it into the resource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableStatus(
    @JsonPropertyDescription("schema.table")
    String name,
    TableState state,
    @JsonPropertyDescription("Change events written for this table since the pipeline started capturing it.")
    Long rowsCaptured,
    @JsonPropertyDescription("Seconds between the newest captured cursor time and the database's clock.")
    Double lagSeconds,
    @JsonPropertyDescription("Rows snapshotted so far, while snapshotting.")
    Long snapshotRowsRead,
    @JsonPropertyDescription("The last committed cursor position.")
    String cursor,
    @JsonPropertyDescription("Why the table last failed, with what to do; cleared once it flows again.")
    String lastError,
    @JsonPropertyDescription("The table's capture state store: keys held, size, and restore progress.")
    StateStoreStatus stateStore,
    @JsonPropertyDescription("Hard-delete scans, for a table with hardDeletes on.")
    HardDeleteStatus hardDeletes) {

  public TableStatus(String name, TableState state, Long rowsCaptured, Double lagSeconds, Long snapshotRowsRead,
                     String cursor, String lastError) {
    this(name, state, rowsCaptured, lagSeconds, snapshotRowsRead, cursor, lastError, null, null);
  }

  public TableStatus(String name, TableState state, Long rowsCaptured, Double lagSeconds, Long snapshotRowsRead,
                     String cursor, String lastError, StateStoreStatus stateStore) {
    this(name, state, rowsCaptured, lagSeconds, snapshotRowsRead, cursor, lastError, stateStore, null);
  }
}
