package io.dsqlcdc.operator.status;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.status.DsqlCdcPipelineStatus;
import io.dsqlcdc.operator.event.EventRecorder;
import io.dsqlcdc.operator.metrics.PipelineReadiness;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Writes a pipeline's status when it changed, by update of the status subresource with the resourceVersion locked
 * (retried on a conflict against the fresh resource), and records an Event when Ready or Degraded changes and when a
 * table's shape changed.
 */
public final class StatusRecorder {
  private final EventRecorder events;
  private final PipelineReadiness readiness;

  public StatusRecorder(EventRecorder events, PipelineReadiness readiness) {
    this.events = events;
    this.readiness = readiness;
  }

  /**
   * @param next the new status as a function of the previous one (applied again to a fresh copy after a conflict)
   * @return true when the status was written
   */
  public boolean record(DsqlCdcPipeline primary, Context<DsqlCdcPipeline> context,
      UnaryOperator<DsqlCdcPipelineStatus> next) {
    DsqlCdcPipelineStatus previous = primary.getStatus();
    DsqlCdcPipelineStatus wanted = next.apply(previous);
    if (wanted.equals(previous)) {
      readiness.record(primary, previous);
      return false;
    }
    DsqlCdcPipeline written = PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(primary, context, fresh -> {
      fresh.setStatus(next.apply(fresh.getStatus()));
      return fresh;
    });
    readiness.record(written, written.getStatus());
    announceReadyChange(written, previous, written.getStatus());
    announceDegradedChange(written, previous, written.getStatus());
    for (SchemaChangeEvents.Announcement a : SchemaChangeEvents.between(previous, written.getStatus())) {
      if (a.warning()) {
        events.warning(written, a.reason(), a.message());
      } else {
        events.normal(written, a.reason(), a.message());
      }
    }
    return true;
  }

  /** A Warning when tables start failing (or others join them), a Normal event when all flow again. */
  private void announceDegradedChange(DsqlCdcPipeline p, DsqlCdcPipelineStatus before, DsqlCdcPipelineStatus after) {
    Condition was = before == null ? null : ConditionTransitions.find(before.conditions(), Reasons.DEGRADED);
    Condition is = ConditionTransitions.find(after.conditions(), Reasons.DEGRADED);
    boolean wasDegraded = was != null && ConditionDraft.TRUE.equals(was.getStatus());
    boolean isDegraded = is != null && ConditionDraft.TRUE.equals(is.getStatus());
    if (isDegraded && (!wasDegraded || !Objects.equals(was.getMessage(), is.getMessage()))) {
      events.warning(p, is.getReason(), is.getMessage());
    } else if (wasDegraded && is != null && Reasons.TABLES_FLOWING.equals(is.getReason())) {
      events.normal(p, is.getReason(), "every table flows again");
    }
  }

  private void announceReadyChange(DsqlCdcPipeline p, DsqlCdcPipelineStatus before, DsqlCdcPipelineStatus after) {
    Condition was = before == null ? null : ConditionTransitions.find(before.conditions(), Reasons.READY);
    Condition is = ConditionTransitions.find(after.conditions(), Reasons.READY);
    if (is == null) {
      return;
    }
    boolean transition = was == null || !Objects.equals(was.getStatus(), is.getStatus())
        || !Objects.equals(was.getReason(), is.getReason());
    boolean newProblem = !ConditionDraft.TRUE.equals(is.getStatus()) && was != null
        && !Objects.equals(was.getMessage(), is.getMessage());
    if (!transition && !newProblem) {
      return;
    }
    if (Reasons.FAILURES.contains(is.getReason())) {
      events.warning(p, is.getReason(), is.getMessage());
    } else {
      events.normal(p, is.getReason(), is.getMessage());
    }
  }
}
