package io.dsqlcdc.operator.reconciler;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.operator.reconciler.DependentWriter.Outcome;
import io.dsqlcdc.operator.reconciler.DependentWriter.Written;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Drives a valid pipeline's owned objects to their desired state: ServiceAccount, ConfigMap, Deployment, Service. */
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
    Optional<ServiceAccount> account = DesiredServiceAccount.of(p);
    Optional<ServiceAccount> existingAccount = context.getSecondaryResource(ServiceAccount.class);
    if (account.isPresent()) {
      changes.add(writer.apply(p, account.get(), existingAccount, eventSource(context, ServiceAccount.class)));
    } else if (existingAccount.isPresent()) {
      changes.add(writer.delete(existingAccount.get()));
    }
    String config = PipelineConfigRenderer.render(p);
    changes.add(writer.apply(p, DesiredConfigMap.of(p, config), context.getSecondaryResource(ConfigMap.class),
        eventSource(context, ConfigMap.class)));
    Written<Deployment> deployment = writer.apply(p,
        DesiredDeployment.of(p, new DesiredDeployment.Inputs(config, secretsDigest, defaultImage)),
        context.getSecondaryResource(Deployment.class), eventSource(context, Deployment.class));
    changes.add(deployment);
    changes.add(writer.apply(p, DesiredService.of(p), context.getSecondaryResource(Service.class),
        eventSource(context, Service.class)));
    changes.removeIf(w -> w.outcome() == Outcome.UNCHANGED);
    return new Result(deployment.resource(), List.copyOf(changes));
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> InformerEventSource<R, DsqlCdcPipeline> eventSource(
      Context<DsqlCdcPipeline> context, Class<R> type) {
    return (InformerEventSource<R, DsqlCdcPipeline>) context.eventSourceRetriever().getEventSourceFor(type);
  }
}
