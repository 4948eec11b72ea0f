package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** How the runtime polls. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaptureSpec(
    @Pattern(Durations.PATTERN) @JsonPropertyDescription("Poll interval of a busy table. Default 1s.")
    String pollInterval,
    @Pattern(Durations.PATTERN) @JsonPropertyDescription("Longest interval an idle table backs off to. Default 10s.")
    String maxPollInterval,
    @Min(1) @Max(100000) @JsonPropertyDescription("Rows per query and per Kafka transaction. Default 1000.")
    Integer batchSize,
    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("Lateness bound: how long after its cursor time a row can still appear. Default 300s (DSQL's transaction limit).")
    String maxTransactionDuration,
    @JsonPropertyDescription("initial (default): snapshot existing rows first; never: stream new changes only.")
    SnapshotMode snapshot,
    @Min(1) @Max(64) @JsonPropertyDescription("Tables polled at the same time. Default 4.")
    Integer parallelism) {

  public CaptureSpec {
    pollInterval = pollInterval == null ? "1s" : pollInterval;
    maxPollInterval = maxPollInterval == null ? "10s" : maxPollInterval;
    batchSize = batchSize == null ? 1000 : batchSize;
    maxTransactionDuration = maxTransactionDuration == null ? "300s" : maxTransactionDuration;
    snapshot = snapshot == null ? SnapshotMode.INITIAL : snapshot;
    parallelism = parallelism == null ? 4 : parallelism;
  }

  public static CaptureSpec defaults() {
    return new CaptureSpec(null, null, null, null, null, null);
  }
}
