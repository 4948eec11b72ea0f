package io.dsqlcdc.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.operator.install.AppliedPipelines;
import io.dsqlcdc.operator.install.DeployedOperator;
import io.dsqlcdc.operator.install.Install;
import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.dsqlcdc.testsupport.kubernetes.Manifests;
import io.dsqlcdc.testsupport.kubernetes.RecordedRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator run as each install deploys it (leader election on, the Deployment's env and args) against the mock
 * API, which answers SelfSubjectRulesReview from the install's RBAC: every request it makes while it takes the
 * lease, reconciles a new pipeline and renews the lease is allowed by the install's Roles and ClusterRoles.
 */
class AsDeployedRbacTest {
  static final Logger LOG = LoggerFactory.getLogger(AsDeployedRbacTest.class);
  static final String POD = "dsqlcdc-operator-7d9c5b-x2x4q";

  @RegisterExtension
  final KubernetesMockExtension api = KubernetesMockExtension.create();

  @ParameterizedTest
  @EnumSource(Install.class)
  void everyRequestOfTheDeployedOperatorIsAllowedByTheInstallsRbac(Install install) {
    Manifests manifests = install.render();
    InstalledRbac rbac = InstalledRbac.ofOperator(manifests);
    rbac.answerRulesReviews(api);
    KubernetesClient client = api.client();
    try (DeployedOperator operator = DeployedOperator.start(manifests, POD, api)) {
      await().atMost(Duration.ofSeconds(60)).failFast(() -> !operator.isAlive())
          .until(() -> operator.requests(api).stream().anyMatch(AsDeployedRbacTest::isLeaseRenewal));
      int beforeApply = operator.requests(api).size();
      AppliedPipelines.apply(client, Install.WATCHED_NAMESPACE, "orders");
      await().atMost(Duration.ofSeconds(60)).failFast(() -> !operator.isAlive())
          .untilAsserted(() -> assertThat(AppliedPipelines.isReconciled(client, Install.WATCHED_NAMESPACE, "orders")).isTrue());
      // two renewals at the default retry period of 2 s
      await().atMost(Duration.ofSeconds(30)).failFast(() -> !operator.isAlive())
          .until(() -> operator.requests(api).stream().filter(AsDeployedRbacTest::isLeaseRenewal).count() >= 2);

      List<RecordedRequest> requests = operator.requests(api);
      LOG.info("{}: requests of the operator from applying a new pipeline to its reconciled state (lease requests "
          + "left out):{}", install, lines(requests.subList(beforeApply, requests.size()).stream()
          .filter(r -> !r.resourcePath().contains("/leases")).toList()));
      LOG.info("{}: requests of one lease renewal:{}", install, lines(oneRenewal(requests)));
      assertThat(requests).as("the operator's requests").extracting(r -> PolicyRules.access(r).toString())
          .contains("create authorization.k8s.io/selfsubjectrulesreviews", "create apps/deployments in cdc",
              "patch coordination.k8s.io/leases dsql-cdc-operator in dsqlcdc-system");
      assertThat(requests).filteredOn(r -> rbac.allowing(r).isEmpty())
          .as("requests of the operator that %s's RBAC does not allow (log:%n%s)", install, operator.log())
          .isEmpty();
    }
  }

  /** The lease requests from just after one renewal up to and including the next. */
  static List<RecordedRequest> oneRenewal(List<RecordedRequest> requests) {
    List<RecordedRequest> lease = requests.stream().filter(r -> r.resourcePath().contains("/leases")).toList();
    int last = lease.size() - 1;
    while (!isLeaseRenewal(lease.get(last))) {
      last--;
    }
    int previous = last - 1;
    while (!isLeaseRenewal(lease.get(previous))) {
      previous--;
    }
    return lease.subList(previous + 1, last + 1);
  }

  static String lines(List<RecordedRequest> requests) {
    return requests.stream().map(r -> "\n  " + r.verb() + " " + r.path()).collect(Collectors.joining());
  }

  static boolean isLeaseRenewal(RecordedRequest request) {
    return "PATCH".equals(request.verb()) && request.resourcePath().contains("/leases/");
  }
}
