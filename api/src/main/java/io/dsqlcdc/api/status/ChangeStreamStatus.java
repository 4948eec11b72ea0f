package io.dsqlcdc.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Stream mode: where the relay stands in DSQL's change stream (the Kinesis data stream), per shard. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeStreamStatus(
    @JsonPropertyDescription("The Kinesis data stream relayed.")
    String streamArn,
    @JsonPropertyDescription("Why the stream is not relayed (StreamGap, StreamRecordInvalid, StreamUnreachable), or, "
        + "while the relay itself is fine, what is wrong with the DSQL stream that feeds it (ChangeStreamFailed, "
        + "ChangeStreamImpaired, ChangeStreamTargetMismatch, ChangeStreamStatusUnreadable); absent while all is well.")
    String reason,
    @JsonPropertyDescription("What happened and what to do.")
    String message,
    @JsonPropertyDescription("Records held in the grace window, to be emitted per key in commit order.")
    Integer recordsHeld,
    @JsonPropertyDescription("Each shard being read or read before.")
    List<ShardStatus> shards,
    @JsonPropertyDescription("The DSQL CDC stream's own status as GetStream last answered (with "
        + "source.changeStream.dsqlStreamArn only).")
    DsqlStream dsqlStream) {

  public ChangeStreamStatus {
    shards = shards == null ? List.of() : List.copyOf(shards);
  }

  /** Without the DSQL stream's status (no dsqlStreamArn, or not read yet). */
  public ChangeStreamStatus(String streamArn, String reason, String message, Integer recordsHeld,
                            List<ShardStatus> shards) {
    this(streamArn, reason, message, recordsHeld, shards, null);
  }

  /** The DSQL stream that publishes into the Kinesis stream, as GetStream last answered. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DsqlStream(
      @JsonPropertyDescription("The DSQL stream's ARN (source.changeStream.dsqlStreamArn).")
      String arn,
      @JsonPropertyDescription("Its status: CREATING, ACTIVE, IMPAIRED, FAILED, DELETING, DELETED; absent while it "
          + "could not be read.")
      String status,
      @JsonPropertyDescription("Its statusReason.error, e.g. KINESIS_THROUGHPUT_EXCEEDED, ROLE_ACCESS_DENIED.")
      String error,
      @JsonPropertyDescription("The Kinesis stream it publishes into (targetDefinition.kinesis.streamArn).")
      String targetStreamArn,
      @JsonPropertyDescription("When GetStream was last called (RFC 3339).")
      String checkedAt) {
  }

  /** One shard of the stream. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ShardStatus(
      @JsonPropertyDescription("The shard's id.")
      String shardId,
      @JsonPropertyDescription("How far the shard's reader is behind its newest record (Kinesis MillisBehindLatest).")
      Long millisBehindLatest,
      @JsonPropertyDescription("Sequence number of the last record read.")
      String readSequenceNumber,
      @JsonPropertyDescription("Sequence number up to which every record was relayed and committed: a restart reads"
          + " on after it.")
      String committedSequenceNumber,
      @JsonPropertyDescription("The shard is closed (a split or merge) and was relayed to its end.")
      Boolean ended) {
  }
}
