package io.dsqlcdc.operator.metrics;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.spec.PipelineState;
import io.dsqlcdc.api.status.DsqlCdcPipelineStatus;
import io.dsqlcdc.operator.status.ConditionDraft;
import io.dsqlcdc.operator.status.ConditionTransitions;
import io.dsqlcdc.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code dsqlcdc_pipeline_ready{pipeline="<namespace>/<name>"}}: 1 while a running pipeline's Ready condition is
 * True, else 0, as the alert "pipeline not Ready" reads it. Stopped pipelines have no series (not being ready is
 * what they were asked to do), and a deleted pipeline's series goes with it: JOSDK reports the deletion here.
 */
public final class PipelineReadiness implements Metrics {
  private final MeterRegistry registry;
  private final Map<ResourceID, Entry> gauges = new ConcurrentHashMap<>();

  private record Entry(AtomicInteger value, Gauge gauge) {
  }

  public PipelineReadiness(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The pipeline's status as now written (or left as it was). */
  public void record(DsqlCdcPipeline pipeline, DsqlCdcPipelineStatus status) {
    ResourceID id = ResourceID.fromResource(pipeline);
    if (pipeline.getSpec() != null && pipeline.getSpec().state() == PipelineState.STOPPED) {
      forget(id);
      return;
    }
    Condition ready = status == null ? null : ConditionTransitions.find(status.conditions(), Reasons.READY);
    int value = ready != null && ConditionDraft.TRUE.equals(ready.getStatus()) ? 1 : 0;
    gauges.computeIfAbsent(id, this::register).value().set(value);
  }

  private Entry register(ResourceID id) {
    AtomicInteger value = new AtomicInteger();
    Gauge gauge = Gauge.builder("dsqlcdc.pipeline.ready", value, AtomicInteger::get)
        .description("1 while the pipeline's Ready condition is True (running pipelines only)")
        .tag("pipeline", id.getNamespace().map(ns -> ns + "/").orElse("") + id.getName())
        .register(registry);
    return new Entry(value, gauge);
  }

  @Override
  public void cleanupDoneFor(ResourceID id, Map<String, Object> metadata) {
    forget(id);
  }

  private void forget(ResourceID id) {
    Entry entry = gauges.remove(id);
    if (entry != null) {
      registry.remove(entry.gauge());
    }
  }
}
