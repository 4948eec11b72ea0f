package io.dsqlcdc.testsupport.kinesis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transaction's writes compacted as DSQL does before publishing (user guide, "Write-set compaction"): at most one
 * change per row, from the row's state before the transaction to its state after. New and still there: c with the
 * final row; there before and still there: u with the final row; there before and gone: d with the key; new and
 * gone again: nothing.
 */
public final class WriteSet {
  private final Map<RowId, Entry> rows = new LinkedHashMap<>();

  private record RowId(String schema, String table, List<Object> key) {
  }

  private static final class Entry {
    final boolean existedBefore;
    Map<String, Object> key;
    Map<String, Object> image;

    Entry(boolean existedBefore) {
      this.existedBefore = existedBefore;
    }
  }

  /** A row the transaction inserted, with its stored image. */
  public void inserted(TableShape table, Map<String, Object> key, Map<String, Object> row) {
    entry(table, key, false).image = row;
  }

  /** A row the transaction updated in place (same key), with its new image. */
  public void updated(TableShape table, Map<String, Object> key, Map<String, Object> row) {
    entry(table, key, true).image = row;
  }

  /** A row the transaction deleted. */
  public void deleted(TableShape table, Map<String, Object> key) {
    entry(table, key, true).image = null;
  }

  private Entry entry(TableShape table, Map<String, Object> key, boolean existedIfFirstSeen) {
    Entry entry = rows.computeIfAbsent(new RowId(table.schema(), table.table(), List.copyOf(key.values())),
        id -> new Entry(existedIfFirstSeen));
    entry.key = key;
    return entry;
  }

  /** The net changes, in the order their rows were first written. */
  public List<RowChange> compacted() {
    List<RowChange> changes = new ArrayList<>();
    rows.forEach((id, entry) -> {
      if (entry.existedBefore && entry.image == null) {
        changes.add(new RowChange(id.schema(), id.table(), RowChange.Op.DELETE, entry.key, null));
      } else if (entry.image != null) {
        changes.add(new RowChange(id.schema(), id.table(),
            entry.existedBefore ? RowChange.Op.UPDATE : RowChange.Op.CREATE, entry.key, entry.image));
      }
    });
    return changes;
  }
}
