package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * What a pipeline captures and where it writes. The same document configures the capture runtime
 * outside Kubernetes: {@code capture-runtime.jar run --config pipeline.yaml}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.snapshotRequest) || self.snapshotRequest.tables.all(n, self.tables.exists(t, "
    + "t.name == n || 'public.' + t.name == n || t.name == 'public.' + n))",
    message = "snapshotRequest.tables must name tables listed in spec.tables")
@ValidationRule(value = "!has(self.sink.authentication) || !has(self.sink.authentication.type) "
    + "|| self.sink.authentication.type != 'mtls' || (has(self.sink.tls) && has(self.sink.tls.enabled) && self.sink.tls.enabled)",
    message = "mtls authentication needs sink.tls.enabled: true")
@ValidationRule(value = "!has(self.sink.authentication) || !has(self.sink.authentication.type) "
    + "|| self.sink.authentication.type != 'aws-msk-iam' || (has(self.sink.tls) && has(self.sink.tls.enabled) && self.sink.tls.enabled)",
    message = "aws-msk-iam authentication needs sink.tls.enabled: true")
@ValidationRule(value = "has(self.source.changeStream) || self.tables.all(t, has(t.cursor))",
    message = DsqlCdcPipelineSpec.CURSOR_REQUIRED_MESSAGE)
@ValidationRule(value = "!has(self.source.changeStream) || self.tables.all(t, !has(t.softDelete) && !has(t.hardDeletes))",
    message = DsqlCdcPipelineSpec.POLL_ONLY_DELETES_MESSAGE)
public record DsqlCdcPipelineSpec(
    @JsonPropertyDescription("running (1 replica) or stopped (0 replicas, offsets kept). Default running.")
    PipelineState state,
    @Required @JsonPropertyDescription("The DSQL cluster (or PostgreSQL database) to capture from.")
    SourceSpec source,
    @Required @Size(min = 1, max = 1000) @JsonPropertyDescription("Tables to capture, each into its own topic.")
    List<TableSpec> tables,
    @JsonPropertyDescription("Polling, batching and snapshot settings.")
    CaptureSpec capture,
    @Required @JsonPropertyDescription("The Kafka cluster events are written to.")
    SinkSpec sink,
    @JsonPropertyDescription("How the capture runtime pod runs.")
    RuntimeSpec runtime,
    @JsonPropertyDescription("Change this value to restart the capture runtime pod.")
    String restartNonce,
    @JsonPropertyDescription("Re-snapshot the named tables once; a new id triggers a new snapshot.")
    SnapshotRequest snapshotRequest) {

  static final String CURSOR_REQUIRED_MESSAGE = "tables[].cursor is required in poll mode (no source.changeStream); "
      + "in stream mode (source.changeStream set) it may be left out";
  static final String POLL_ONLY_DELETES_MESSAGE = "tables[].softDelete and tables[].hardDeletes apply only to poll mode: "
      + "with source.changeStream the stream carries the table's deletes; remove them";

  public DsqlCdcPipelineSpec {
    state = state == null ? PipelineState.RUNNING : state;
    tables = tables == null ? List.of() : List.copyOf(tables);
    capture = capture == null ? CaptureSpec.defaults() : capture;
  }
}
