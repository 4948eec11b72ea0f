package io.dsqlcdc.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Stream mode: where the relay stands in DSQL's change stream (the Kinesis data stream), per shard. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeStreamStatus(
    @JsonPropertyDescription("The Kinesis data stream relayed.")
    String streamArn,
    @JsonPropertyDescription("Why the stream is not relayed (StreamGap, StreamRecordInvalid, StreamUnreachable); absent"
        + " while it is.")
    String reason,
    @JsonPropertyDescription("What happened and what to do.")
    String message,
    @JsonPropertyDescription("Records held in the grace window, to be emitted per key in commit order.")
    Integer recordsHeld,
    @JsonPropertyDescription("Each shard being read or read before.")
    List<ShardStatus> shards) {

  public ChangeStreamStatus {
    shards = shards == null ? List.of() : List.copyOf(shards);
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
