package io.dsqlcdc.api.status;

/**
 * Reasons of a {@link TableStatus} that the runtime reports for one table and the operator copies into the
 * resource's {@code status.tables[]}: every reason either side writes is a constant here.
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

  private TableReasons() {
  }
}
