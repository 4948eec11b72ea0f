package io.dsqlcdc.testsupport.kinesis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The net change of one row in one transaction, as DSQL publishes it after write-set compaction: {@code op} c
 * (the row is new), u (it existed and still exists) or d (it existed and is gone); {@code key} holds the primary
 * key columns (the delete's {@code before}), {@code after} the full final row (null for a delete). Values are JSON
 * values as {@link DsqlCdcValues} gives them; column order is the table's.
 */
public record RowChange(String schema, String table, Op op, Map<String, Object> key, Map<String, Object> after) {
  /** The {@code op} of a DSQL CDC record. */
  public enum Op {
    CREATE("c"), UPDATE("u"), DELETE("d");

    private final String code;

    Op(String code) {
      this.code = code;
    }

    /** The record's {@code op} value. */
    public String code() {
      return code;
    }
  }

  public RowChange {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(op, "op");
    key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
    if ((op == Op.DELETE) != (after == null)) {
      throw new IllegalArgumentException("a delete has no after image, every other change has one: " + op);
    }
    after = after == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(after));
  }
}
