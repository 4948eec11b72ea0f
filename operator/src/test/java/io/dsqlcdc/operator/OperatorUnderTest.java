package io.dsqlcdc.operator;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.operator.config.OperatorConfig;
import io.dsqlcdc.operator.observer.RuntimeAddressResolver;
import io.dsqlcdc.operator.install.Install;
import io.dsqlcdc.operator.rbac.InstalledRbac;
import io.dsqlcdc.operator.rbac.RequestRecorder;
import io.dsqlcdc.testsupport.kubernetes.Manifests;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator running in the test JVM against the mock API, with its own client whose requests are recorded and a
 * resolver that sends each pipeline's /status request to the address a test registered for it.
 */
public final class OperatorUnderTest implements AutoCloseable {
  /** The replica name the operator under test uses for the Lease and Events. */
  public static final String IDENTITY = "operator-under-test";
  /** The Lease name the operator uses by default. */
  public static final String LEASE_NAME = "dsql-cdc-operator";

  private final RequestRecorder recorder = new RequestRecorder();
  private final Map<String, URI> runtimes = new ConcurrentHashMap<>();
  private final KubernetesClient client;
  private final PipelineOperator operator;

  public OperatorUnderTest(KubernetesMockExtension api, Duration reobserveInterval) {
    this(api, reobserveInterval, Set.of());
  }

  /** @param namespaces the namespaces to watch; empty = all */
  public OperatorUnderTest(KubernetesMockExtension api, Duration reobserveInterval, Set<String> namespaces) {
    this(api, reobserveInterval, namespaces, null);
  }

  /**
   * An operator that reconciles only once it holds the Lease {@link #LEASE_NAME} in the namespace deploy/base
   * installs it in; the mock API answers its SelfSubjectRulesReview from deploy/base's RBAC.
   */
  public static OperatorUnderTest withLeaderElection(KubernetesMockExtension api, Duration reobserveInterval) {
    Manifests install = Install.KUSTOMIZE_BASE.render();
    InstalledRbac.ofOperator(install).answerRulesReviews(api);
    String namespace = install.get(Deployment.class, "dsqlcdc-operator").getMetadata().getNamespace();
    return new OperatorUnderTest(api, reobserveInterval, Set.of(),
        new OperatorConfig.LeaderElection(LEASE_NAME, namespace));
  }

  private OperatorUnderTest(KubernetesMockExtension api, Duration reobserveInterval, Set<String> namespaces,
      OperatorConfig.LeaderElection leaderElection) {
    client = new KubernetesClientBuilder().withConfig(api.config())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("rbac-recorder", recorder))
        .build();
    RuntimeAddressResolver resolver = p -> Optional.ofNullable(runtimes.get(key(p)));
    OperatorConfig config = new OperatorConfig(namespaces, "registry.example/capture-runtime:test", reobserveInterval,
        Duration.ofSeconds(1), leaderElection, 0);
    operator = PipelineOperator.start(client, config, resolver, new SimpleMeterRegistry(), IDENTITY);
  }

  /** Sends the pipeline's status requests to this address from now on. */
  public void runtimeAt(String namespace, String name, URI uri) {
    runtimes.put(namespace + "/" + name, uri);
  }

  public RequestRecorder recorder() {
    return recorder;
  }

  public boolean isReady() {
    return operator.isReady();
  }

  private static String key(DsqlCdcPipeline p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }

  @Override
  public void close() {
    operator.close();
    client.close();
  }
}
