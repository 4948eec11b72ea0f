package io.dsqlcdc.operator;

import io.dsqlcdc.operator.config.OperatorConfig;
import io.dsqlcdc.operator.controller.PipelineController;
import io.dsqlcdc.operator.election.LeaseHandover;
import io.dsqlcdc.operator.event.EventRecorder;
import io.dsqlcdc.operator.metrics.PipelineReadiness;
import io.dsqlcdc.operator.observer.RuntimeAddressResolver;
import io.dsqlcdc.operator.observer.RuntimeStatusClient;
import io.dsqlcdc.operator.reconciler.DependentWriter;
import io.dsqlcdc.operator.reconciler.PipelineReconciler;
import io.dsqlcdc.operator.status.StatusRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.AggregatedMetrics;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;

/** The operator: one controller for DsqlCdcPipeline, configured for an API server written to without SSA. */
public final class PipelineOperator implements AutoCloseable {
  public static final String CONTROLLER_NAME = "dsqlcdcpipeline";

  private final Operator operator;
  private final LeaseHandover lease;

  private PipelineOperator(Operator operator, LeaseHandover lease) {
    this.operator = operator;
    this.lease = lease;
  }

  /**
   * Starts reconciling; with leader election the controllers start once this replica holds the Lease.
   *
   * @param client used for every API request; not closed by the operator
   * @param instance this replica's name, for Events (e.g. the pod name)
   */
  public static PipelineOperator start(KubernetesClient client, OperatorConfig config, RuntimeAddressResolver resolver,
      MeterRegistry registry, String instance) {
    LeaseHandover lease = config.leaderElection() == null ? null
        : new LeaseHandover(client, config.leaderElection(), instance);
    PipelineReadiness readiness = new PipelineReadiness(registry);
    // reconciliations, their durations and errors per pipeline; the readiness gauges learn of deletions here too
    Metrics metrics = new AggregatedMetrics(List.of(
        MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build(), readiness));
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          // status and dependents are written by update with a locked resourceVersion, never by server-side apply
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .checkingCRDAndValidateLocalModel(false)
          .withMetrics(metrics);
      if (lease != null) {
        o.withLeaderElectionConfiguration(lease.configuration());
      }
    });
    EventRecorder events = new EventRecorder(client, instance);
    PipelineController controller = new PipelineController(
        new PipelineReconciler(new DependentWriter(client), config.defaultRuntimeImage()),
        new RuntimeStatusClient(resolver, config.runtimeStatusTimeout(), registry),
        new StatusRecorder(events, readiness),
        events,
        config.reobserveInterval(),
        Clock.systemUTC());
    operator.register(controller, o -> {
      o.withName(CONTROLLER_NAME).withGenerationAware(true);
      if (config.watchesAllNamespaces()) {
        o.watchingAllNamespaces();
      } else {
        o.settingNamespaces(config.namespaces());
      }
    });
    operator.start();
    return new PipelineOperator(operator, lease);
  }

  /** Started, and every informer connected. */
  public boolean isReady() {
    return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /** Stops reconciling, then gives up the leader Lease if this replica holds it. */
  @Override
  public void close() {
    if (lease != null) {
      lease.stopping();
    }
    operator.stop();
    if (lease != null) {
      lease.release();
    }
  }
}
