package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Rows removed with DELETE: found by comparing the table's keys with the keys emitted and not deleted, range by range
 * of the primary key (digest first, key lists only where a digest differs), and emitted as op d plus a tombstone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.scanInterval) || duration(self.scanInterval) >= duration('1s')",
    message = "hardDeletes.scanInterval must be at least 1s")
public record HardDeleteSpec(
    @JsonPropertyDescription("Scan the table for hard-deleted rows. Default false.")
    Boolean enabled,
    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("How often a scan of the whole table starts (a delete is found within about this long"
        + " plus the scan's duration). Default 5m, at least 1s.")
    String scanInterval) {

  public static final String DEFAULT_SCAN_INTERVAL = "5m";
  public static final java.time.Duration MIN_SCAN_INTERVAL = java.time.Duration.ofSeconds(1);

  public HardDeleteSpec {
    enabled = enabled != null && enabled;
    scanInterval = scanInterval == null ? DEFAULT_SCAN_INTERVAL : scanInterval;
  }
}
