package io.dsqlcdc.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.operator.rbac.PolicyRules;
import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.dsqlcdc.testsupport.kubernetes.RecordedRequest;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An operator told to watch some namespaces reconciles pipelines there and nowhere else. */
class WatchedNamespacesTest {
  @RegisterExtension
  static final KubernetesMockExtension API = KubernetesMockExtension.create();

  @Test
  void pipelinesOutsideTheWatchedNamespacesAreLeftAlone() throws Exception {
    KubernetesClient client = API.client();
    try (OperatorUnderTest operator = new OperatorUnderTest(API, Duration.ofSeconds(1), Set.of("watched"))) {
      await().atMost(Duration.ofSeconds(30)).until(operator::isReady);
      create(client, "elsewhere");
      create(client, "watched");
      await().atMost(Duration.ofSeconds(30)).until(() ->
          client.apps().deployments().inNamespace("watched").withName("orders").get() != null
              && pipeline(client, "watched").getStatus() != null);
      assertThat(client.apps().deployments().inNamespace("elsewhere").list().getItems()).isEmpty();
      assertThat(pipeline(client, "elsewhere").getStatus()).isNull();
      // a namespaced operator only lists and watches inside its namespaces, and its ClusterRole allows that too
      PolicyRules role = PolicyRules.load(PolicyRules.CLUSTER_ROLE);
      assertThat(operator.recorder().requests()).extracting(RecordedRequest::resourcePath)
          .allSatisfy(path -> assertThat(path).contains("/namespaces/watched/"));
      assertThat(operator.recorder().requests()).allSatisfy(r -> assertThat(role.allowing(r)).isPresent());
    }
  }

  static void create(KubernetesClient client, String namespace) {
    Secret secret = TestPipelines.kafkaSecret("key", "secret");
    secret.getMetadata().setNamespace(namespace);
    client.resource(secret).create();
    DsqlCdcPipeline p = TestPipelines.pipeline("orders");
    p.getMetadata().setNamespace(namespace);
    p.getMetadata().setUid(null);
    p.getMetadata().setGeneration(null);
    client.resource(p).create();
  }

  static DsqlCdcPipeline pipeline(KubernetesClient client, String namespace) {
    return client.resources(DsqlCdcPipeline.class).inNamespace(namespace).withName("orders").get();
  }
}
