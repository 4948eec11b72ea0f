package io.dsqlcdc.sandbox;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.status.DsqlCdcPipelineStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What {@code kubectl get dcp -A} prints for the pipelines: the CRD's printer columns. */
final class PipelineTable {
  private PipelineTable() {
  }

  static String render(List<DsqlCdcPipeline> pipelines, Instant now) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAMESPACE", "NAME", "PHASE", "READY", "TABLES", "LAG", "AGE"});
    for (DsqlCdcPipeline p : pipelines) {
      DsqlCdcPipelineStatus status = p.getStatus() == null ? DsqlCdcPipelineStatus.empty() : p.getStatus();
      rows.add(new String[] {
          p.getMetadata().getNamespace(), p.getMetadata().getName(),
          Objects.toString(status.phase(), ""), ready(status), Objects.toString(status.tablesReady(), ""),
          Objects.toString(status.lag(), ""), age(p.getMetadata().getCreationTimestamp(), now)});
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        out.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 3) + "s", row[i]));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The non-Ready conditions with their reasons, for the lines under the table. */
  static String conditions(DsqlCdcPipeline p) {
    if (p.getStatus() == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (Condition c : p.getStatus().conditions()) {
      out.append(c.getType()).append('=').append(c.getStatus());
      if (!"True".equals(c.getStatus()) && c.getMessage() != null) {
        out.append(" (").append(c.getReason()).append(": ").append(c.getMessage()).append(')');
      }
      out.append("  ");
    }
    return out.toString().strip();
  }

  private static String ready(DsqlCdcPipelineStatus status) {
    return status.conditions().stream().filter(c -> "Ready".equals(c.getType())).map(Condition::getStatus)
        .findFirst().orElse("");
  }

  static String age(String creationTimestamp, Instant now) {
    if (creationTimestamp == null) {
      return "";
    }
    Duration age = Duration.between(Instant.parse(creationTimestamp), now);
    if (age.toHours() > 0) {
      return age.toHours() + "h" + age.toMinutesPart() + "m";
    }
    return age.toMinutes() > 0 ? age.toMinutes() + "m" + age.toSecondsPart() + "s" : Math.max(0, age.toSeconds()) + "s";
  }
}
