package io.dsqlcdc.api.status;

/**
 * Reasons a table, or one of its capture features, is not doing what its spec asks, as the runtime reports them in
 * /status and the operator copies them into the resource's {@code status.tables[]}: every such reason is a constant
 * here.
 */
public final class TableReasons {
  /**
   * A column the capture depends on (a key column, the cursor or the soft-delete column) was dropped or renamed
   * while the table was captured; the message names the column. The table stays failed until the column is back
   * or the spec names the new one; the other tables keep flowing.
   */
  public static final String DEPENDENT_COLUMN_DROPPED = "DependentColumnDropped";
  /**
   * The table's primary key changed while it was captured: the events' key and each key's state would change
   * meaning. Restore the key, or name the old key columns in {@code spec.tables[].key}.
   */
  public static final String PRIMARY_KEY_CHANGED = "PrimaryKeyChanged";
  /**
   * {@code hardDeletes} is on, but a key column has a type whose order the runtime cannot reproduce (only integer,
   * uuid and text/varchar keys can be range-scanned): the table keeps flowing without hard-delete detection.
   */
  public static final String KEY_NOT_RANGE_SCANNABLE = "KeyNotRangeScannable";

  /**
   * Stream mode: the change stream no longer holds records the pipeline has not relayed (its checkpoint is older
   * than the Kinesis stream's retention, or its shard is gone): changes were lost to the pipeline. Take a new
   * snapshot of every table (spec.snapshotRequest with a new id naming them all); a longer retention avoids it. On one
   * table: its records were given up after failing for three quarters of the retention, so that the other tables
   * stay within it; a new snapshot of that table (spec.snapshotRequest naming it) recovers it.
   */
  public static final String STREAM_GAP = "StreamGap";
  /**
   * Stream mode: a change stream record could not be relayed (not the documented format, a fragment missing past
   * {@code fragmentTimeout}, a checksum that does not match); the message names shard and sequence number. Nothing
   * after it is relayed, so that no change is skipped. On one table (its values do not fit the table's columns):
   * that table's records wait, retried with back-off, while the other tables flow; a new snapshot of it recovers.
   */
  public static final String STREAM_RECORD_INVALID = "StreamRecordInvalid";
  /**
   * Stream mode: the Kinesis stream cannot be read (network, credentials, throttling past the retries); the relay
   * retries with back-off and the message says what Kinesis answered.
   */
  public static final String STREAM_UNREACHABLE = "StreamUnreachable";

  /**
   * Stream mode with {@code changeStream.dsqlStreamArn}: the DSQL CDC stream is FAILED, DELETING or DELETED, so no
   * more changes reach the Kinesis stream and the pipeline (a failed stream does not recover). Create a new DSQL
   * stream to a Kinesis stream, point {@code changeStream} at both, and take every table again through {@code
   * spec.snapshotRequest}. The relay keeps relaying what the Kinesis stream still holds.
   */
  public static final String CHANGE_STREAM_FAILED = "ChangeStreamFailed";
  /**
   * Stream mode with {@code changeStream.dsqlStreamArn}: the DSQL CDC stream is IMPAIRED: DSQL cannot publish into
   * the Kinesis stream right now (throughput exceeded, its role or key denied, a record over the stream's size) and
   * changes are delayed; the message says what to fix for the stream's error.
   */
  public static final String CHANGE_STREAM_IMPAIRED = "ChangeStreamImpaired";
  /**
   * Stream mode: the DSQL stream named by {@code changeStream.dsqlStreamArn} publishes into another Kinesis stream
   * than {@code changeStream.kinesisStreamArn}: one of the two fields is wrong.
   */
  public static final String CHANGE_STREAM_TARGET_MISMATCH = "ChangeStreamTargetMismatch";
  /**
   * Stream mode, a warning: the DSQL stream's status could not be read (GetStream denied, not found, the endpoint
   * unreachable); the relay goes on and the poll is retried. Allow {@code dsql:GetStream} on the stream's ARN.
   */
  public static final String CHANGE_STREAM_STATUS_UNREADABLE = "ChangeStreamStatusUnreadable";

  /**
   * Event reason: a table's shape changed while it was captured and the events carry the new one ({@code
   * lastSchemaChange} says how).
   */
  public static final String SCHEMA_CHANGED = "SchemaChanged";
  /**
   * Event reason: a column's type changed in a way consumers may not read as before (e.g. int to text); the events
   * carry the new type from the next one on.
   */
  public static final String INCOMPATIBLE_SCHEMA_CHANGE = "IncompatibleSchemaChange";
  /** How {@code lastSchemaChange} marks a change that {@link #INCOMPATIBLE_SCHEMA_CHANGE} reports. */
  public static final String INCOMPATIBLE_MARK = "(incompatible)";

  private TableReasons() {
  }
}
