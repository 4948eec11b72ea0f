package io.dsqlcdc.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.operator.TestPipelines;
import io.dsqlcdc.operator.install.DeployedOperator;
import io.dsqlcdc.operator.install.Install;
import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.dsqlcdc.testsupport.kubernetes.Manifests;
import io.dsqlcdc.testsupport.kubernetes.RecordedRequest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator run as each install deploys it (leader election on, the Deployment's env and args) against the mock
 * API, which answers SelfSubjectRulesReview from the install's RBAC: every request it makes while it takes the
 * lease, reconciles a new pipeline and renews the lease is allowed by the install's Roles and ClusterRoles.
 */
class AsDeployedRbacTest {
  static final String POD = "dsqlcdc-operator-7d9c5b-x2x4q";
  static final String RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  @RegisterExtension
  final KubernetesMockExtension api = KubernetesMockExtension.create();

  @ParameterizedTest
  @EnumSource(Install.class)
  void everyRequestOfTheDeployedOperatorIsAllowedByTheInstallsRbac(Install install) {
    Manifests manifests = install.render();
    InstalledRbac rbac = InstalledRbac.ofOperator(manifests);
    answerRulesReviews(api, rbac);
    KubernetesClient client = api.client();
    try (DeployedOperator operator = DeployedOperator.start(manifests, POD, api)) {
      createPipeline(client, Install.WATCHED_NAMESPACE, "orders");
      await().atMost(Duration.ofSeconds(60)).failFast(() -> !operator.isAlive())
          .untilAsserted(() -> assertThat(reconciled(client, Install.WATCHED_NAMESPACE, "orders")).isTrue());
      // two renewals at the default retry period of 2 s
      await().atMost(Duration.ofSeconds(30)).failFast(() -> !operator.isAlive())
          .until(() -> operator.requests(api).stream().filter(AsDeployedRbacTest::isLeaseRenewal).count() >= 2);

      List<RecordedRequest> requests = operator.requests(api);
      assertThat(requests).as("the operator's requests").extracting(r -> PolicyRules.access(r).toString())
          .contains("create authorization.k8s.io/selfsubjectrulesreviews", "create apps/deployments in cdc",
              "patch coordination.k8s.io/leases dsql-cdc-operator in dsqlcdc-system");
      assertThat(requests).filteredOn(r -> rbac.allowing(r).isEmpty())
          .as("requests of the operator that %s's RBAC does not allow (log:%n%s)", install, operator.log())
          .isEmpty();
    }
  }

  static boolean isLeaseRenewal(RecordedRequest request) {
    return "PATCH".equals(request.verb()) && request.resourcePath().contains("/leases/");
  }

  /** Answers as a real API server: the rules the install grants the operator's ServiceAccount in that namespace. */
  static void answerRulesReviews(KubernetesMockExtension api, InstalledRbac rbac) {
    api.expect().post().withPath(RULES_REVIEWS).andReply(201, request -> {
      SelfSubjectRulesReview review = api.client().getKubernetesSerialization()
          .unmarshal(request.getUtf8Body(), SelfSubjectRulesReview.class);
      review.setStatus(rbac.review(review.getSpec().getNamespace()));
      return review;
    }).always();
  }

  static void createPipeline(KubernetesClient client, String namespace, String name) {
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

  /** The pipeline has its four dependents and a status for its generation. */
  static boolean reconciled(KubernetesClient client, String namespace, String name) {
    DsqlCdcPipeline p = client.resources(DsqlCdcPipeline.class).inNamespace(namespace).withName(name).get();
    return client.resources(Deployment.class).inNamespace(namespace).withName(name).get() != null
        && client.resources(ServiceAccount.class).inNamespace(namespace).withName(name).get() != null
        && client.resources(ConfigMap.class).inNamespace(namespace).withName(name + "-config").get() != null
        && client.resources(Service.class).inNamespace(namespace).withName(name).get() != null
        && p.getStatus() != null && p.getMetadata().getGeneration().equals(p.getStatus().observedGeneration());
  }
}
