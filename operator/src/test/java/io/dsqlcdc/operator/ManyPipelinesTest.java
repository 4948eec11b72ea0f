package io.dsqlcdc.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.operator.reconciler.Dependents;
import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many pipelines applied at once all get their owned objects and a status, with leader election on as deployed;
 * time and heap are logged, not asserted.
 */
class ManyPipelinesTest {
  static final Logger LOG = LoggerFactory.getLogger(ManyPipelinesTest.class);
  static final int PIPELINES = 200;
  static final String NAMESPACE = "scale";

  @RegisterExtension
  static final KubernetesMockExtension API = KubernetesMockExtension.create();

  @Test
  void twoHundredPipelinesAppliedAtOnceAllReachTheirDesiredDependents() {
    KubernetesClient client = API.client();
    Secret secret = TestPipelines.kafkaSecret("key", "secret");
    secret.getMetadata().setNamespace(NAMESPACE);
    client.resource(secret).create();
    long baselineMiB = heapUsedAfterGcMiB();
    try (OperatorUnderTest operator = OperatorUnderTest.withLeaderElection(API, Duration.ofSeconds(15))) {
      await().atMost(Duration.ofSeconds(30)).until(operator::isReady);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        Lease lease = client.resources(Lease.class).inAnyNamespace().list().getItems().stream()
            .filter(l -> l.getMetadata().getName().equals(OperatorUnderTest.LEASE_NAME)).findFirst().orElse(null);
        return lease != null && OperatorUnderTest.IDENTITY.equals(lease.getSpec().getHolderIdentity());
      });
      long start = System.nanoTime();
      IntStream.range(0, PIPELINES).parallel().forEach(i -> {
        DsqlCdcPipeline p = TestPipelines.pipeline("pipeline-" + i);
        p.getMetadata().setNamespace(NAMESPACE);
        p.getMetadata().setUid(null);
        p.getMetadata().setGeneration(null);
        client.resource(p).create();
      });
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() ->
          owned(client, Deployment.class) == PIPELINES && owned(client, ConfigMap.class) == PIPELINES
              && owned(client, Service.class) == PIPELINES && owned(client, ServiceAccount.class) == PIPELINES
              && observed(client) == PIPELINES);
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      long heapMiB = heapUsedAfterGcMiB();
      LOG.info("with leader election on, {} pipelines reached their desired dependents and status in {} ms; heap used after GC: {} MiB, "
          + "{} MiB more than before the operator started (its caches of {} objects, plus the same objects stored "
          + "in the mock API server, which shares the JVM)", PIPELINES, millis, heapMiB, heapMiB - baselineMiB,
          PIPELINES * 5 + 1);
      assertThat(client.apps().deployments().inNamespace(NAMESPACE).list().getItems())
          .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(1));
    }
  }

  static long heapUsedAfterGcMiB() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }

  static int owned(KubernetesClient client, Class<? extends HasMetadata> type) {
    return client.resources(type).inNamespace(NAMESPACE).withLabel(Dependents.MANAGED_BY_LABEL, Dependents.MANAGED_BY)
        .list().getItems().size();
  }

  static long observed(KubernetesClient client) {
    List<DsqlCdcPipeline> pipelines = client.resources(DsqlCdcPipeline.class).inNamespace(NAMESPACE).list().getItems();
    return pipelines.stream().filter(p -> p.getStatus() != null && p.getStatus().observedGeneration() != null).count();
  }
}
