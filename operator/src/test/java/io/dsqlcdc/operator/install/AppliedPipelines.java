package io.dsqlcdc.operator.install;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.operator.TestPipelines;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Pipelines applied as a user would, and whether the operator has reconciled them, seen through the API. */
public final class AppliedPipelines {
  private AppliedPipelines() {
  }

  /** Creates the test pipeline {@code name} and its Kafka Secret (once per namespace). */
  public static void apply(KubernetesClient client, String namespace, String name) {
    Secret secret = TestPipelines.kafkaSecret("key", "secret");
    secret.getMetadata().setNamespace(namespace);
    if (client.resource(secret).get() == null) {
      client.resource(secret).create();
    }
    DsqlCdcPipeline p = TestPipelines.pipeline(name);
    p.getMetadata().setNamespace(namespace);
    p.getMetadata().setUid(null);
    p.getMetadata().setGeneration(null);
    client.resource(p).create();
  }

  /** The pipeline has its four dependents and a status for its current generation. */
  public static boolean isReconciled(KubernetesClient client, String namespace, String name) {
    DsqlCdcPipeline p = client.resources(DsqlCdcPipeline.class).inNamespace(namespace).withName(name).get();
    return client.resources(Deployment.class).inNamespace(namespace).withName(name).get() != null
        && client.resources(ServiceAccount.class).inNamespace(namespace).withName(name).get() != null
        && client.resources(ConfigMap.class).inNamespace(namespace).withName(name + "-config").get() != null
        && client.resources(Service.class).inNamespace(namespace).withName(name).get() != null
        && p.getStatus() != null && p.getMetadata().getGeneration().equals(p.getStatus().observedGeneration());
  }
}
