package io.dsqlcdc.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A table's capture state store as the runtime reports it: its size, and while restoring, the progress. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateStoreStatus(
    @JsonPropertyDescription("Keys emitted and not deleted, in stream mode also deleted keys kept for their"
        + " high-water (RocksDB's estimate).")
    Long keys,
    @JsonPropertyDescription("Bytes of the store on the state volume and in memory tables.")
    Long sizeBytes,
    @JsonPropertyDescription("Changelog records applied by the current or last restore.")
    Long recordsRestored,
    @JsonPropertyDescription("Changelog records applied per second by the current or last restore.")
    Double restoreRecordsPerSecond,
    @JsonPropertyDescription("Where the last restore started: checkpoint (the store was kept), changelog (rebuilt"
        + " from the changelog alone) or events (migrated once from the event topic).")
    String restoredFrom) {
}
