package io.dsqlcdc.operator.controller;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.PipelineState;
import io.dsqlcdc.operator.event.EventRecorder;
import io.dsqlcdc.operator.observer.DeploymentObserver;
import io.dsqlcdc.operator.observer.DeploymentState;
import io.dsqlcdc.operator.observer.RuntimeObservation;
import io.dsqlcdc.operator.observer.RuntimeStatusClient;
import io.dsqlcdc.operator.reconciler.DependentWriter.Outcome;
import io.dsqlcdc.operator.reconciler.Dependents;
import io.dsqlcdc.operator.reconciler.PipelineReconciler;
import io.dsqlcdc.operator.secrets.SecretCheck;
import io.dsqlcdc.operator.secrets.SecretReferences;
import io.dsqlcdc.operator.status.PipelineFacts;
import io.dsqlcdc.operator.status.PipelineFacts.Blocker;
import io.dsqlcdc.operator.status.StatusComputer;
import io.dsqlcdc.operator.status.StatusRecorder;
import io.dsqlcdc.operator.validation.PipelineValidator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin controller: validate, reconcile the owned objects, observe, record status. Each step lives in its own
 * class (the Flink Kubernetes operator's split); this one only orders them and wires the event sources.
 */
public final class PipelineController implements Reconciler<DsqlCdcPipeline> {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineController.class);
  static final String SECRET_INDEX = "dsqlcdc.io/referenced-secrets";

  private final PipelineReconciler reconciler;
  private final RuntimeStatusClient runtimeStatus;
  private final StatusRecorder statusRecorder;
  private final EventRecorder events;
  private final Duration reobserveInterval;
  private final Clock clock;

  public PipelineController(PipelineReconciler reconciler, RuntimeStatusClient runtimeStatus,
      StatusRecorder statusRecorder, EventRecorder events, Duration reobserveInterval, Clock clock) {
    this.reconciler = reconciler;
    this.runtimeStatus = runtimeStatus;
    this.statusRecorder = statusRecorder;
    this.events = events;
    this.reobserveInterval = reobserveInterval;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, DsqlCdcPipeline>> prepareEventSources(EventSourceContext<DsqlCdcPipeline> context) {
    context.getPrimaryCache().addIndexer(SECRET_INDEX, p -> SecretReferences.secretNames(p.getSpec()).stream()
        .map(name -> secretKey(p.getMetadata().getNamespace(), name))
        .toList());
    InformerEventSourceConfiguration<Secret> secrets = InformerEventSourceConfiguration
        .from(Secret.class, DsqlCdcPipeline.class)
        .withName("secrets")
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
            .byIndex(SECRET_INDEX, secretKey(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
            .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((DsqlCdcPipeline p) -> SecretReferences.secretNames(p.getSpec()).stream()
            .map(name -> new ResourceID(name, p.getMetadata().getNamespace()))
            .collect(Collectors.toSet()))
        .build();
    return List.of(
        owned(Deployment.class, context),
        owned(ConfigMap.class, context),
        owned(Service.class, context),
        owned(ServiceAccount.class, context),
        owned(PersistentVolumeClaim.class, context),
        new InformerEventSource<>(secrets, context));
  }

  @Override
  public UpdateControl<DsqlCdcPipeline> reconcile(DsqlCdcPipeline pipeline, Context<DsqlCdcPipeline> context) {
    Map<String, Secret> secrets = context.getSecondaryResources(Secret.class).stream()
        .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity(), (a, b) -> a));
    SecretCheck secretCheck = new SecretCheck(SecretReferences.of(pipeline.getSpec()), secrets);
    Optional<Blocker> blocker = PipelineValidator.blocker(pipeline, secretCheck);

    Optional<Deployment> deployment = context.getSecondaryResource(Deployment.class);
    if (blocker.isEmpty()) {
      PipelineReconciler.Result result = reconciler.reconcile(pipeline, context, secretCheck.digest());
      deployment = Optional.of(result.deployment());
      result.changes().forEach(w -> announce(pipeline, w.resource(), w.outcome()));
    }

    DeploymentState deploymentState = DeploymentObserver.observe(deployment);
    RuntimeObservation runtime = deploymentState.hasCurrentPod() ? runtimeStatus.fetch(pipeline)
        : RuntimeObservation.notRunning();
    DsqlCdcPipelineSpec spec = pipeline.getSpec();
    PipelineFacts facts = new PipelineFacts(generation(pipeline),
        spec != null && spec.state() == PipelineState.STOPPED,
        spec == null ? 0 : spec.tables().size(),
        blocker.orElse(null), deploymentState, runtime);
    Instant now = clock.instant();
    statusRecorder.record(pipeline, context, previous -> StatusComputer.compute(facts, previous, now));
    return UpdateControl.<DsqlCdcPipeline>noUpdate().rescheduleAfter(reobserveInterval);
  }

  @Override
  public ErrorStatusUpdateControl<DsqlCdcPipeline> updateErrorStatus(DsqlCdcPipeline pipeline,
      Context<DsqlCdcPipeline> context, Exception e) {
    if (deletedMeanwhile(pipeline, context, e)) {
      LOG.debug("{}/{} was deleted while it was reconciled", pipeline.getMetadata().getNamespace(),
          pipeline.getMetadata().getName());
      return ErrorStatusUpdateControl.<DsqlCdcPipeline>noStatusUpdate().withNoRetry();
    }
    boolean lastAttempt = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(true);
    boolean conflict = e instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_CONFLICT;
    // a conflict only means the cache was behind; the retry that follows sorts it out
    if (!conflict || lastAttempt) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warn("reconciling {}/{} failed: {}", pipeline.getMetadata().getNamespace(),
          pipeline.getMetadata().getName(), message);
      Instant now = clock.instant();
      try {
        statusRecorder.record(pipeline, context,
            previous -> StatusComputer.reconcileFailed(previous, generation(pipeline), message, now));
      } catch (RuntimeException statusFailure) {
        LOG.warn("could not record the failure in the status of {}/{}: {}", pipeline.getMetadata().getNamespace(),
            pipeline.getMetadata().getName(), statusFailure.getMessage());
      }
    }
    ErrorStatusUpdateControl<DsqlCdcPipeline> control = ErrorStatusUpdateControl.noStatusUpdate();
    return lastAttempt ? control.rescheduleAfter(reobserveInterval) : control;
  }

  private void announce(DsqlCdcPipeline pipeline, HasMetadata resource, Outcome outcome) {
    String what = resource.getKind() + " " + resource.getMetadata().getName();
    switch (outcome) {
      case CREATED -> events.normal(pipeline, "Created", what + " created");
      case UPDATED -> events.normal(pipeline, "Updated", what + " updated");
      case DELETED -> events.normal(pipeline, "Deleted", what + " deleted");
      default -> { }
    }
  }

  private static <R extends HasMetadata> InformerEventSource<R, DsqlCdcPipeline> owned(Class<R> type,
      EventSourceContext<DsqlCdcPipeline> context) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, DsqlCdcPipeline.class)
        .withName(type.getSimpleName().toLowerCase(java.util.Locale.ROOT) + "s")
        .withNamespacesInheritedFromController()
        .withLabelSelector(Dependents.SELECTOR)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(DsqlCdcPipeline.class))
        .build(), context);
  }

  private static long generation(DsqlCdcPipeline p) {
    return Optional.ofNullable(p.getMetadata().getGeneration()).orElse(0L);
  }

  private static String secretKey(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** A 404 for a pipeline that is gone from the API: nothing left to reconcile or to report. */
  private static boolean deletedMeanwhile(DsqlCdcPipeline pipeline, Context<DsqlCdcPipeline> context, Exception e) {
    Throwable cause = e;
    while (cause != null && !(cause instanceof KubernetesClientException)) {
      cause = cause.getCause();
    }
    return cause instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_NOT_FOUND
        && context.getClient().resource(pipeline).get() == null;
  }
}
