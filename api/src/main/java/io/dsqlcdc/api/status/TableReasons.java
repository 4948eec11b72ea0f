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
