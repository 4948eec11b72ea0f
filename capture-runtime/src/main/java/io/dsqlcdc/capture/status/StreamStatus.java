package io.dsqlcdc.capture.status;

import io.dsqlcdc.api.status.ChangeStreamStatus;
import io.dsqlcdc.api.status.TableReasons;
import io.dsqlcdc.capture.offsets.ShardCheckpoint;
import io.dsqlcdc.capture.offsets.StreamCheckpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Stream mode's live position in the change stream, written by the relay and the commit loop, read by /status. */
public final class StreamStatus {
  private final String streamArn;
  private volatile String reason;
  private volatile String message;
  private volatile Map<String, Long> lag = Map.of();
  private volatile Map<String, String> read = Map.of();
  private volatile Map<String, ShardCheckpoint> committed = Map.of();
  private volatile int held;
  /** The DSQL stream's state, reason and message together (null without dsqlStreamArn or before the first poll). */
  private volatile DsqlStreamReport dsqlStream;

  private record DsqlStreamReport(ChangeStreamStatus.DsqlStream state, String reason, String message) {
  }

  public StreamStatus(String streamArn) {
    this.streamArn = streamArn;
  }

  /** A round of reading went through: per shard its lag and the last sequence number read. */
  public void reading(Map<String, Long> lagMillis, Map<String, String> readSequenceNumbers, int recordsHeld) {
    lag = Map.copyOf(lagMillis);
    read = Map.copyOf(readSequenceNumbers);
    held = recordsHeld;
    if (TableReasons.STREAM_UNREACHABLE.equals(reason)) {
      reason = null;
      message = null;
    }
  }

  public void committed(StreamCheckpoint checkpoint) {
    committed = checkpoint.shards();
  }

  /** Reading failed; the relay retries. */
  public void unreachable(String detail) {
    reason = TableReasons.STREAM_UNREACHABLE;
    message = "reading the change stream failed, retrying: " + detail;
  }

  /** The relay stopped: {@code failureReason} is one of the api's TableReasons. */
  public void failed(String failureReason, String detail) {
    reason = failureReason;
    message = detail;
  }

  /**
   * What GetStream last said of the DSQL stream feeding the Kinesis stream: {@code dsqlReason} (one of the api's
   * TableReasons, or null) shows as the stream's reason while the relay has none of its own.
   */
  public void dsqlStream(ChangeStreamStatus.DsqlStream state, String dsqlReason, String dsqlMessage) {
    dsqlStream = new DsqlStreamReport(state, dsqlReason, dsqlMessage);
  }

  public ChangeStreamStatus snapshot() {
    Map<String, Long> lagNow = lag;
    Map<String, String> readNow = read;
    Map<String, ShardCheckpoint> committedNow = committed;
    TreeSet<String> shardIds = new TreeSet<>(lagNow.keySet());
    shardIds.addAll(readNow.keySet());
    shardIds.addAll(committedNow.keySet());
    List<ChangeStreamStatus.ShardStatus> shards = new ArrayList<>();
    for (String id : shardIds) {
      ShardCheckpoint c = committedNow.get(id);
      shards.add(new ChangeStreamStatus.ShardStatus(id, lagNow.get(id), readNow.get(id),
          c == null ? null : c.sequenceNumber(), c != null && c.ended() ? Boolean.TRUE : null));
    }
    String reasonNow = reason;
    String messageNow = message;
    DsqlStreamReport dsql = dsqlStream;
    if (reasonNow == null && dsql != null && dsql.reason() != null) {
      reasonNow = dsql.reason();
      messageNow = dsql.message();
    }
    return new ChangeStreamStatus(streamArn, reasonNow, messageNow, held, shards, dsql == null ? null : dsql.state());
  }
}
