package io.dsqlcdc.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A table's hard-delete scans as the runtime reports them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HardDeleteStatus(
    @JsonPropertyDescription("When the last complete scan of the table finished (RFC 3339).")
    String lastCompletedScan,
    @JsonPropertyDescription("Keys compared with the table's keys by every scan so far (kept across restarts in the offset).")
    Long keysCompared,
    @JsonPropertyDescription("Key ranges whose digest differed and were compared again, split or by key list.")
    Long rangesReRead,
    @JsonPropertyDescription("Hard deletes found and emitted by every scan so far.")
    Long deletesFound,
    @JsonPropertyDescription("The running scan's progress: keys compared in it and its position (last key passed).")
    String scanProgress,
    @JsonPropertyDescription("Why hard deletes are not detected for the table (e.g. KeyNotRangeScannable); absent"
        + " while they are.")
    String reason,
    @JsonPropertyDescription("What the reason means for this table, and what to do.")
    String message) {
}
