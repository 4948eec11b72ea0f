package io.dsqlcdc.capture.offsets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Offsets topic records: key = the table's qualified name, value = its TableOffset as flat JSON, the format every
 * runtime so far reads and writes (see {@link Json}); unknown fields are ignored, so older runtimes read newer ones.
 * Stream mode's {@link StreamCheckpoint} is the record under the key {@value #STREAM_KEY}, which no table name can be
 * (a qualified name has a dot).
 */
public final class OffsetCodec {
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The key of the change stream's checkpoint. */
  public static final String STREAM_KEY = "changestream";

  private OffsetCodec() {
  }

  public static boolean isStreamKey(byte[] key) {
    return STREAM_KEY.equals(table(key));
  }

  /** The change stream checkpoint's JSON: times as epoch milliseconds, shards in id order. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record StreamJson(String streamArn, Long startAtMillis, List<ShardJson> shards) {
    static StreamJson of(StreamCheckpoint c) {
      return new StreamJson(c.streamArn(), c.startAtMillis(), c.shards().values().stream()
          .sorted(java.util.Comparator.comparing(ShardCheckpoint::shardId))
          .map(s -> new ShardJson(s.shardId(), s.sequenceNumber(),
              s.arrival() == null ? null : s.arrival().toEpochMilli(), s.ended()))
          .toList());
    }

    StreamCheckpoint checkpoint() {
      Map<String, ShardCheckpoint> byShard = new java.util.HashMap<>();
      for (ShardJson s : shards == null ? List.<ShardJson>of() : shards) {
        byShard.put(s.shardId(), new ShardCheckpoint(s.shardId(), s.sequenceNumber(),
            s.arrivalMillis() == null ? null : Instant.ofEpochMilli(s.arrivalMillis()), s.ended()));
      }
      return new StreamCheckpoint(streamArn, startAtMillis, byShard);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ShardJson(String shardId, String sequenceNumber, Long arrivalMillis, boolean ended) {
  }

  public static byte[] encodeStream(StreamCheckpoint checkpoint) {
    try {
      return JSON.writeValueAsBytes(StreamJson.of(checkpoint));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static StreamCheckpoint decodeStream(byte[] value) {
    try {
      return JSON.readValue(value, StreamJson.class).checkpoint();
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable change stream checkpoint", e);
    }
  }

  /**
   * The JSON fields, in this order. {@code snapshotStart} and {@code snapshotRows} are the running snapshot's while
   * {@code snapshotting}, else the last snapshot's; {@code snapshotKey} is written only while snapshotting; the
   * {@code schema*} fields only once the table's shape has a version; {@code deleteScan} only once the table's
   * hard-delete scan ran; {@code streamGapSince} only once stream mode gave up the table's records.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Json(boolean snapshotting, Long snapshotStart, List<String> snapshotKey, long snapshotRows, long headCursor,
              List<String> headKey, long settledBefore, String snapshotRequestId, boolean stateInChangelog,
              Long schemaVersion, String schemaFingerprint, Long schemaChangedAt, List<String> schemaKey,
              TableOffset.DeleteScan deleteScan, Long streamGapSince) {

    static Json of(TableOffset o) {
      TableOffset.Head h = o.head();
      TableOffset.SchemaRecord r = o.schema();
      Long version = r == null ? null : r.version();
      String fingerprint = r == null ? null : r.fingerprint();
      Long changedAt = r == null ? null : r.changedAtMicros();
      List<String> key = r == null ? null : r.key();
      if (o.phase() instanceof TableOffset.Snapshotting s) {
        return new Json(true, s.startMicros(), s.lastKey(), s.rows(), h.cursorMicros(), h.key(), o.settledBefore(),
            o.snapshotRequestId(), o.stateInChangelog(), version, fingerprint, changedAt, key, o.deleteScan(), null);
      }
      TableOffset.Streaming s = (TableOffset.Streaming) o.phase();
      return new Json(false, s.lastSnapshotStartMicros(), null, s.lastSnapshotRows(), h.cursorMicros(), h.key(),
          o.settledBefore(), o.snapshotRequestId(), o.stateInChangelog(), version, fingerprint, changedAt, key,
          o.deleteScan(), s.streamGapSinceMillis());
    }

    TableOffset offset() {
      if (snapshotting && snapshotStart == null) {
        throw new IllegalArgumentException("a snapshotting offset without snapshotStart");
      }
      TableOffset.Phase phase = snapshotting ? new TableOffset.Snapshotting(snapshotStart, snapshotKey, snapshotRows)
          : new TableOffset.Streaming(snapshotStart, snapshotRows, streamGapSince);
      TableOffset.SchemaRecord schema = schemaVersion == null ? null : new TableOffset.SchemaRecord(schemaVersion,
          schemaFingerprint, schemaChangedAt == null ? 0 : schemaChangedAt, schemaKey == null ? List.of() : schemaKey);
      return new TableOffset(phase, new TableOffset.Head(headCursor, headKey), settledBefore, snapshotRequestId,
          stateInChangelog, schema, deleteScan);
    }
  }

  public static byte[] key(String table) {
    return table.getBytes(StandardCharsets.UTF_8);
  }

  public static String table(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  public static byte[] encode(TableOffset offset) {
    try {
      return JSON.writeValueAsBytes(Json.of(offset));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TableOffset decode(byte[] value) {
    try {
      return JSON.readValue(value, Json.class).offset();
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable offsets record", e);
    }
  }
}
