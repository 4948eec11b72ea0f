package io.dsqlcdc.operator.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.operator.rbac.InstalledRbac;
import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.dsqlcdc.testsupport.kubernetes.Manifests;
import io.dsqlcdc.testsupport.kubernetes.RecordedRequest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two replicas of the operator as deploy/base runs them (leader election on, JOSDK's default lease of 15 s renewed
 * every 2 s) against one mock API: one reconciles, the other waits, and the second takes over when the first stops.
 */
class LeaderElectionTest {
  static final Logger LOG = LoggerFactory.getLogger(LeaderElectionTest.class);
  static final Duration LEASE_DURATION = Duration.ofSeconds(15);
  static final String LEASE_NAME = "dsql-cdc-operator";
  static final String NAMESPACE = Install.WATCHED_NAMESPACE;

  @RegisterExtension
  final KubernetesMockExtension api = KubernetesMockExtension.create();
  Manifests install;
  KubernetesClient client;
  DeployedOperator first;
  DeployedOperator second;

  @BeforeEach
  void startTwoReplicas() {
    install = Install.KUSTOMIZE_BASE.render();
    InstalledRbac.ofOperator(install).answerRulesReviews(api);
    client = api.client();
    first = DeployedOperator.start(install, "dsqlcdc-operator-5f7b9-aaaaa", api);
    second = DeployedOperator.start(install, "dsqlcdc-operator-5f7b9-bbbbb", api);
    await().atMost(Duration.ofSeconds(60)).failFast(() -> !first.isAlive() || !second.isAlive())
        .until(() -> holder() != null);
  }

  @AfterEach
  void stopReplicas() {
    Stream.of(first, second).forEach(DeployedOperator::close);
  }

  @Test
  void exactlyOneReplicaReconciles() {
    DeployedOperator leader = leader();
    DeployedOperator follower = other(leader);
    for (String name : List.of("orders", "payments", "refunds")) {
      AppliedPipelines.apply(client, NAMESPACE, name);
    }
    await().atMost(Duration.ofSeconds(60))
        .until(() -> Stream.of("orders", "payments", "refunds")
            .allMatch(name -> AppliedPipelines.isReconciled(client, NAMESPACE, name)));

    assertThat(reconcilingWrites(leader)).isNotEmpty();
    assertThat(reconcilingWrites(follower)).as("writes of the replica that does not hold the lease").isEmpty();
    assertThat(follower.requests(api)).filteredOn(LeaderElectionTest::isLeaseRenewal)
        .as("the follower never renews or takes over the lease while it is held").isEmpty();
  }

  @Test
  void stoppingTheLeaderHandsOverWithinTheLeaseDurationWithoutRewritingWhatItReconciled() {
    DeployedOperator leader = leader();
    DeployedOperator follower = other(leader);
    AppliedPipelines.apply(client, NAMESPACE, "orders");
    await().atMost(Duration.ofSeconds(60)).until(() -> AppliedPipelines.isReconciled(client, NAMESPACE, "orders"));
    Map<String, String> versionsBefore = dependentVersions("orders");

    long stopped = System.nanoTime();
    leader.stop();
    await().atMost(LEASE_DURATION).pollInterval(Duration.ofMillis(100))
        .until(() -> follower.podName().equals(holder()));
    LOG.info("after SIGTERM to the leader, {} held the lease in {} ms", follower.podName(),
        Duration.ofNanos(System.nanoTime() - stopped).toMillis());

    AppliedPipelines.apply(client, NAMESPACE, "payments");
    await().atMost(Duration.ofSeconds(60)).until(() -> AppliedPipelines.isReconciled(client, NAMESPACE, "payments"));
    assertThat(dependentVersions("orders")).as("dependents of the pipeline the old leader reconciled")
        .isEqualTo(versionsBefore);
    assertOneWriterAtATime(leader, follower);
  }

  @Test
  void aKilledLeaderIsReplacedOnceItsLeaseExpires() {
    DeployedOperator leader = leader();
    DeployedOperator follower = other(leader);
    long killed = System.nanoTime();
    leader.kill();
    // the lease was renewed at most one retry period (2 s) before the kill; the follower retries every 2 s + jitter
    await().atMost(LEASE_DURATION.plusSeconds(6)).pollInterval(Duration.ofMillis(100))
        .until(() -> follower.podName().equals(holder()));
    LOG.info("after SIGKILL to the leader, {} held the lease in {} ms", follower.podName(),
        Duration.ofNanos(System.nanoTime() - killed).toMillis());
    AppliedPipelines.apply(client, NAMESPACE, "orders");
    await().atMost(Duration.ofSeconds(60)).until(() -> AppliedPipelines.isReconciled(client, NAMESPACE, "orders"));
    assertThat(reconcilingWrites(follower)).isNotEmpty();
  }

  @Test
  void aLeaderThatLosesItsLeaseExitsSoThatItsPodRestarts() {
    DeployedOperator leader = leader();
    DeployedOperator follower = other(leader);
    // another identity takes the lease for an hour, as after a long network partition of the leader; the edit
    // is retried when it races with a renewal, as kubectl does
    await().atMost(Duration.ofSeconds(10)).ignoreException(KubernetesClientException.class).until(() -> {
      client.resources(Lease.class).inNamespace(leaseNamespace()).withName(LEASE_NAME).edit(lease -> {
        lease.getSpec().setHolderIdentity("elsewhere");
        lease.getSpec().setLeaseDurationSeconds(3600);
        lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
        return lease;
      });
      return true;
    });
    // the leader gives up after failing to renew for the renew deadline (10 s)
    await().atMost(Duration.ofSeconds(30)).until(() -> !leader.isAlive());
    assertThat(leader.exitCode()).as(leader.log()).isEqualTo(1);
    assertThat(leader.log()).contains("lost the leader lease");
    assertThat(follower.isAlive()).isTrue();
  }

  /** In the order the API received them, every write of the old leader comes before any write of the new one. */
  void assertOneWriterAtATime(DeployedOperator before, DeployedOperator after) {
    String oldAgent = before.userAgent();
    List<String> writers = api.requests().stream().filter(LeaderElectionTest::isReconcilingWrite)
        .map(RecordedRequest::userAgent).filter(agent -> agent.equals(oldAgent) || agent.equals(after.userAgent()))
        .toList();
    int lastOld = writers.lastIndexOf(oldAgent);
    assertThat(writers.subList(0, lastOld + 1)).as("writes up to the old leader's last one")
        .containsOnly(oldAgent);
    assertThat(writers.subList(lastOld + 1, writers.size())).as("writes of the new leader").isNotEmpty();
  }

  Map<String, String> dependentVersions(String name) {
    return Stream.<HasMetadata>of(
            client.apps().deployments().inNamespace(NAMESPACE).withName(name).get(),
            client.configMaps().inNamespace(NAMESPACE).withName(name + "-config").get(),
            client.services().inNamespace(NAMESPACE).withName(name).get(),
            client.serviceAccounts().inNamespace(NAMESPACE).withName(name).get())
        .collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(),
            o -> o.getMetadata().getResourceVersion()));
  }

  List<RecordedRequest> reconcilingWrites(DeployedOperator replica) {
    return replica.requests(api).stream().filter(LeaderElectionTest::isReconcilingWrite).toList();
  }

  /** A write that reconciling makes: anything but the lease and the start-up permission check. */
  static boolean isReconcilingWrite(RecordedRequest r) {
    return r.isWrite() && !r.resourcePath().contains("/leases") && !r.resourcePath().contains("selfsubjectrulesreviews");
  }

  static boolean isLeaseRenewal(RecordedRequest r) {
    return "PATCH".equals(r.verb()) && r.resourcePath().contains("/leases/");
  }

  String leaseNamespace() {
    return install.get(Deployment.class, "dsqlcdc-operator").getMetadata().getNamespace();
  }

  String holder() {
    Lease lease = client.resources(Lease.class).inNamespace(leaseNamespace()).withName(LEASE_NAME).get();
    return lease == null || lease.getSpec() == null ? null : emptyToNull(lease.getSpec().getHolderIdentity());
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  DeployedOperator leader() {
    String holder = holder();
    return first.podName().equals(holder) ? first : second;
  }

  DeployedOperator other(DeployedOperator replica) {
    return replica == first ? second : first;
  }
}
