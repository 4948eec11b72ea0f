package io.dsqlcdc.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator observed; written only when it changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DsqlCdcPipelineStatus(
    @JsonPropertyDescription("The spec generation this status describes.")
    Long observedGeneration,
    Phase phase,
    @JsonPropertyDescription("Ready, DeploymentAvailable, SourceConnected, SinkConnected, Degraded (some tables fail).")
    List<Condition> conditions,
    @JsonPropertyDescription("Per-table state as the runtime reports it.")
    List<TableStatus> tables,
    @JsonPropertyDescription("Tables streaming or snapshotting without error, out of all, e.g. 3/3.")
    String tablesReady,
    @JsonPropertyDescription("Largest capture lag over the tables, e.g. 1.2s.")
    String lag,
    @JsonPropertyDescription("The source endpoint the runtime is connected to.")
    String activeEndpoint,
    @JsonPropertyDescription("When the runtime process last reporting started (RFC 3339); a newer value means it restarted.")
    String runtimeStartedAt,
    @JsonPropertyDescription("Stream mode: where the runtime stands in DSQL's change stream, per Kinesis shard.")
    ChangeStreamStatus stream) {

  public DsqlCdcPipelineStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  /** A status without a change stream (poll mode). */
  public DsqlCdcPipelineStatus(Long observedGeneration, Phase phase, List<Condition> conditions,
                               List<TableStatus> tables, String tablesReady, String lag, String activeEndpoint,
                               String runtimeStartedAt) {
    this(observedGeneration, phase, conditions, tables, tablesReady, lag, activeEndpoint, runtimeStartedAt, null);
  }

  public static DsqlCdcPipelineStatus empty() {
    return new DsqlCdcPipelineStatus(null, null, null, null, null, null, null, null, null);
  }
}
