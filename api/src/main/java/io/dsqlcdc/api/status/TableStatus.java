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
    @JsonPropertyDescription("Why the table failed, as a constant (e.g. DependentColumnDropped, PrimaryKeyChanged);"
        + " absent for failures without a reason of their own.")
    String reason,
    @JsonPropertyDescription("The version of the table's shape the events are produced under (the events' header"
        + " dsqlcdc.schema.version): 1 when first captured, one more at each change of its columns or key.")
    Long schemaVersion,
    @JsonPropertyDescription("When the runtime last saw the table's shape change (ISO-8601).")
    String schemaChangedAt,
    @JsonPropertyDescription("The last change of the table's shape, e.g. 'added note text'; an incompatible type"
        + " change says so.")
    String lastSchemaChange,
    @JsonPropertyDescription("Hard-delete scans, for a table with hardDeletes on.")
    HardDeleteStatus hardDeletes) {

  public TableStatus(String name, TableState state, Long rowsCaptured, Double lagSeconds, Long snapshotRowsRead,
                     String cursor, String lastError) {
    this(name, state, rowsCaptured, lagSeconds, snapshotRowsRead, cursor, lastError, null);
  }

  public TableStatus(String name, TableState state, Long rowsCaptured, Double lagSeconds, Long snapshotRowsRead,
                     String cursor, String lastError, StateStoreStatus stateStore) {
    this(name, state, rowsCaptured, lagSeconds, snapshotRowsRead, cursor, lastError, stateStore, null, null, null,
        null, null);
  }
}
