package io.dsqlcdc.api.status;

/**
 * Reasons a table, or one of its capture features, is not doing what its spec asks, as the runtime reports them in
 * /status and the operator copies them into the resource's status: every such reason is a constant here.
 */
public final class TableReasons {
  /**
   * {@code hardDeletes} is on, but a key column has a type whose order the runtime cannot reproduce (only integer,
   * uuid and text/varchar keys can be range-scanned): the table keeps flowing without hard-delete detection.
   */
  public static final String KEY_NOT_RANGE_SCANNABLE = "KeyNotRangeScannable";

  private TableReasons() {
  }
}
