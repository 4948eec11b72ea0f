package io.dsqlcdc.operator.status;

import io.dsqlcdc.api.status.DsqlCdcPipelineStatus;
import io.dsqlcdc.api.status.TableReasons;
import io.dsqlcdc.api.status.TableStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Kubernetes Events a status change owes for tables whose shape changed: one per new {@code lastSchemaChange},
 * a Warning when the change is one consumers may not read as before, else a Normal event. A table seen for the first
 * time (the operator's start, a new table) is not announced: its change was announced when it happened, or is older
 * than the pipeline's status.
 */
final class SchemaChangeEvents {
  /** One Event to record. */
  record Announcement(boolean warning, String reason, String message) {
  }

  private SchemaChangeEvents() {
  }

  static List<Announcement> between(DsqlCdcPipelineStatus before, DsqlCdcPipelineStatus after) {
    if (before == null || before.tables() == null || after == null || after.tables() == null) {
      return List.of();
    }
    Map<String, TableStatus> was = before.tables().stream()
        .collect(Collectors.toMap(TableStatus::name, Function.identity(), (a, b) -> b));
    List<Announcement> out = new ArrayList<>();
    for (TableStatus table : after.tables()) {
      TableStatus previous = was.get(table.name());
      if (previous == null || table.lastSchemaChange() == null
          || Objects.equals(previous.schemaVersion(), table.schemaVersion())) {
        continue;
      }
      boolean incompatible = table.lastSchemaChange().contains(TableReasons.INCOMPATIBLE_MARK);
      out.add(new Announcement(incompatible,
          incompatible ? TableReasons.INCOMPATIBLE_SCHEMA_CHANGE : TableReasons.SCHEMA_CHANGED,
          "table " + table.name() + ": schema version " + table.schemaVersion() + ": " + table.lastSchemaChange()
              + (incompatible ? "; consumers see the new type from the next event on" : "")));
    }
    return out;
  }
}
