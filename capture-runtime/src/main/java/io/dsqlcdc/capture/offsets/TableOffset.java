package io.dsqlcdc.capture.offsets;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A table's committed capture state, written in the same Kafka transaction as the events it accounts for.
 *
 * @param snapshotting  true while the initial snapshot runs
 * @param snapshotStart database time (epoch µs) when the snapshot began; streaming starts from it minus the
 *                      lateness bound
 * @param snapshotKey   key (column texts) of the last snapshotted row, null before the first chunk
 * @param snapshotRows  rows snapshotted so far
 * @param headCursor    streaming: cursor (epoch µs) of the last row the head scan passed
 * @param headKey       streaming: key of that row, null when the head is a bare cursor bound (inclusive)
 * @param settledBefore streaming: every row version with a cursor below this has been accounted for; versions at
 *                      or above it are re-checked, and their emitted cursors rebuilt from the topic on restart
 * @param snapshotRequestId id of the last spec.snapshotRequest carried out for this table, so it runs once
 * @param stateInChangelog the table's key states live in its changelog topic; false in offsets written by runtimes
 *                      before the state store, whose state is then built once from the event topic
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableOffset(boolean snapshotting, Long snapshotStart, List<String> snapshotKey, long snapshotRows,
                          long headCursor, List<String> headKey, long settledBefore, String snapshotRequestId,
                          boolean stateInChangelog) {

  public static TableOffset startSnapshot(long dbNowMicros, long latenessMicros, String snapshotRequestId) {
    return new TableOffset(true, dbNowMicros, null, 0, dbNowMicros - latenessMicros, null, dbNowMicros - latenessMicros,
        snapshotRequestId, true);
  }

  /** Streaming from a cursor bound, inclusive: {@code snapshot: never}, or after the snapshot. */
  public static TableOffset streamFrom(long cursorMicros) {
    return new TableOffset(false, null, null, 0, cursorMicros, null, cursorMicros, null, true);
  }

  /**
   * Snapshots the table again for a snapshot request. Streaming resumes where it was, or earlier when the new
   * snapshot's start minus the lateness bound lies before it, so no version between the two is skipped.
   */
  public TableOffset resnapshot(long dbNowMicros, long latenessMicros, String requestId) {
    long from = dbNowMicros - latenessMicros;
    boolean keepHead = headCursor <= from;
    return new TableOffset(true, dbNowMicros, null, 0, keepHead ? headCursor : from, keepHead ? headKey : null,
        Math.min(settledBefore, from), requestId, stateInChangelog);
  }

  public TableOffset snapshotChunk(List<String> lastKey, long rows) {
    return new TableOffset(true, snapshotStart, lastKey, snapshotRows + rows, headCursor, headKey, settledBefore,
        snapshotRequestId, stateInChangelog);
  }

  /** The snapshot finished: stream from its start minus the lateness bound, which the head already holds. */
  public TableOffset snapshotDone() {
    return new TableOffset(false, snapshotStart, null, snapshotRows, headCursor, headKey, settledBefore,
        snapshotRequestId, stateInChangelog);
  }

  public TableOffset streaming(long cursor, List<String> key, long settled) {
    return new TableOffset(false, snapshotStart, null, snapshotRows, cursor, key, settled, snapshotRequestId,
        stateInChangelog);
  }

  /** The table's state was migrated into its changelog: never built from the event topic again. */
  public TableOffset withStateInChangelog() {
    return new TableOffset(snapshotting, snapshotStart, snapshotKey, snapshotRows, headCursor, headKey, settledBefore,
        snapshotRequestId, true);
  }
}
