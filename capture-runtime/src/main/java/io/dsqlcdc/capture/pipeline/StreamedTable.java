package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.capture.changestream.CdcRecord;
import io.dsqlcdc.capture.event.SourceRow;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A table as stream mode's {@link StreamRelay} drives it once its worker prepared it and took its snapshot: from
 * {@link #handedOver()} on, the relay's thread alone uses it.
 */
interface StreamedTable {
  String name();

  /** The worker is done with the table (its snapshot, if any, is complete): the relay may drive it. */
  boolean handedOver();

  /**
   * Before the hand-over: the table will start with a new snapshot that has not taken its start yet, so every record
   * read now is older than that snapshot and not needed. Thread safe.
   */
  boolean snapshotFloorAhead();

  /** Versions committed at or before this (ns) are in the table's snapshot; Long.MIN_VALUE without one. */
  long snapshotFloorNanos();

  /** The commit time (ns) of the key's last version emitted or deleted, or null. */
  Long highWater(String keyText);

  /** The record's row in the table's shape (read again when the record shows a column the shape lacks). */
  SourceRow row(CdcRecord record) throws SQLException;

  /** Emits a released version unless the key's high-water is as new; whether an event was made. */
  boolean emit(SourceRow row, long commitNanos);

  /** Submits the events and key states since the last submit, with the table's offset after them. */
  void submit() throws InterruptedException;

  /** The table streams, {@code lag} behind the change stream's newest records. */
  void streaming(Duration lag);

  /** When the table's change stream records were given up from (epoch ms; it relays none until a new snapshot), or null. */
  Long streamGapSinceMillis();

  /** Gives up the table's records from {@code sinceMillis} on: commits that in its offset, and reports StreamGap. */
  void streamGap(long sinceMillis, String message) throws InterruptedException;

  /** The table's changes cannot be relayed: {@code reason} is one of the api's TableReasons. */
  void failed(String reason, String message);
}
