package io.dsqlcdc.operator.reconciler;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.operator.reconciler.DependentWriter.Outcome;
import io.dsqlcdc.operator.reconciler.DependentWriter.Written;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drives a valid pipeline's owned objects to their desired state: ServiceAccount, ConfigMap, the state volume's
 * PersistentVolumeClaim (when asked for), Deployment, Service.
 */
public final class PipelineReconciler {
  private final DependentWriter writer;
  private final String defaultImage;

  /** What a pass wrote: the Deployment as stored now, and every object that changed. */
  public record Result(Deployment deployment, List<Written<? extends HasMetadata>> changes) {
  }

  public PipelineReconciler(DependentWriter writer, String defaultImage) {
    this.writer = writer;
    this.defaultImage = defaultImage;
  }

  public Result reconcile(DsqlCdcPipeline p, Context<DsqlCdcPipeline> context, String secretsDigest) {
    List<Written<? extends HasMetadata>> changes = new ArrayList<>();
    applyOptional(p, DesiredServiceAccount.of(p), ServiceAccount.class, context).ifPresent(changes::add);
    String config = PipelineConfigRenderer.render(p);
    changes.add(writer.apply(p, DesiredConfigMap.of(p, config), context.getSecondaryResource(ConfigMap.class),
        eventSource(context, ConfigMap.class)));
    // an unmounted state volume holds nothing the changelog does not: it would only cost its storage
    applyOptional(p, DesiredStateClaim.of(p), PersistentVolumeClaim.class, context).ifPresent(changes::add);
    Written<Deployment> deployment = writer.apply(p,
        DesiredDeployment.of(p, new DesiredDeployment.Inputs(config, secretsDigest, defaultImage)),
        context.getSecondaryResource(Deployment.class), eventSource(context, Deployment.class));
    changes.add(deployment);
    changes.add(writer.apply(p, DesiredService.of(p), context.getSecondaryResource(Service.class),
        eventSource(context, Service.class)));
    changes.removeIf(w -> w.outcome() == Outcome.UNCHANGED);
    return new Result(deployment.resource(), List.copyOf(changes));
  }

  /** Writes an object the spec may or may not ask for; deletes the one it no longer asks for. */
  private <R extends HasMetadata> Optional<Written<R>> applyOptional(DsqlCdcPipeline p, Optional<R> desired,
      Class<R> type, Context<DsqlCdcPipeline> context) {
    Optional<R> existing = context.getSecondaryResource(type);
    if (desired.isPresent()) {
      return Optional.of(writer.apply(p, desired.get(), existing, eventSource(context, type)));
    }
    return existing.map(writer::delete);
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> InformerEventSource<R, DsqlCdcPipeline> eventSource(
      Context<DsqlCdcPipeline> context, Class<R> type) {
    return (InformerEventSource<R, DsqlCdcPipeline>) context.eventSourceRetriever().getEventSourceFor(type);
  }
}
