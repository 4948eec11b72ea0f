package io.dsqlcdc.operator;

import static io.dsqlcdc.operator.TestPipelines.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.PipelineState;
import io.dsqlcdc.api.spec.SourceAuth;
import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.api.status.DsqlCdcPipelineStatus;
import io.dsqlcdc.api.status.Phase;
import io.dsqlcdc.api.status.RuntimeStatus;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.operator.rbac.PolicyRules;
import io.dsqlcdc.operator.reconciler.DesiredDeployment;
import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.dsqlcdc.testsupport.kubernetes.RecordedRequest;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator running against the fabric8 mock API (CRUD mode, CRD registered). Each test works in its own
 * namespace; the last one checks every request the operator made in all of them against its ClusterRole.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineOperatorTest {
  static final String KAFKA_KEY = "plain-api-key-7f3a";
  static final String KAFKA_SECRET = "plain-api-secret-91c2";

  @RegisterExtension
  static final KubernetesMockExtension API = KubernetesMockExtension.create();
  static OperatorUnderTest operator;
  static KubernetesClient client;

  String namespace;

  @BeforeAll
  static void startOperator() {
    client = API.client();
    operator = new OperatorUnderTest(API, Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(30)).until(operator::isReady);
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @org.junit.jupiter.api.BeforeEach
  void namespaceForThisTest(TestInfo test) {
    String method = test.getTestMethod().orElseThrow().getName().toLowerCase(java.util.Locale.ROOT);
    namespace = "t-" + method.substring(0, Math.min(40, method.length()));
  }

  @Test
  void appliedPipelineGetsServiceAccountConfigMapDeploymentAndServiceWithoutSecretValues() {
    DsqlCdcPipeline p = apply("orders", spec());
    Deployment d = awaitDeployment("orders");
    ServiceAccount sa = awaitOwned(ServiceAccount.class, "orders");
    ConfigMap cm = awaitOwned(ConfigMap.class, "orders-config");
    Service svc = awaitOwned(Service.class, "orders");

    String uid = p.getMetadata().getUid();
    for (HasMetadata owned : List.of(d, sa, cm, svc)) {
      assertThat(owned.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
    }
    assertThat(sa.getMetadata().getAnnotations()).containsEntry("eks.amazonaws.com/role-arn", TestPipelines.ROLE_ARN);
    assertThat(cm.getData().get("pipeline.yaml")).contains("name: orders").contains("namespace: " + namespace)
        .contains("api-secret");
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("orders");
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKeys(DesiredDeployment.CONFIG_HASH_ANNOTATION, DesiredDeployment.SECRETS_HASH_ANNOTATION,
            DesiredDeployment.ROLE_ARN_HASH_ANNOTATION);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef()).isNotNull());
    assertThat(svc.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);

    String everything = client.getKubernetesSerialization().asJson(List.of(d, sa, cm, svc));
    assertThat(everything).doesNotContain(KAFKA_KEY, KAFKA_SECRET, TestPipelines.base64(KAFKA_KEY),
        TestPipelines.base64(KAFKA_SECRET));
  }

  @Test
  void editingTheSpecChangesThePodTemplate() {
    apply("orders", spec());
    String before = configHash(awaitDeployment("orders"));
    editSpec("orders", s -> TestPipelines.withRestartNonce(s, "restart-1"));
    await().until(() -> !configHash(deployment("orders")).equals(before));
  }

  @Test
  void editingStatusOrAnnotationsRollsNothing() {
    apply("orders", spec());
    awaitStatus("orders", s -> s.observedGeneration() != null);
    Deployment before = deployment("orders");

    edit("orders", p -> {
      p.getMetadata().setAnnotations(Map.of("note", "annotations do not reach the reconciler"));
      return p;
    });
    DsqlCdcPipeline current = pipeline("orders");
    DsqlCdcPipelineStatus s = current.getStatus();
    current.setStatus(new DsqlCdcPipelineStatus(s.observedGeneration(), s.phase(), s.conditions(), s.tables(),
        s.tablesReady(), s.lag(), "edited-by-hand", s.runtimeStartedAt()));
    client.resource(current).updateStatus();
    // the next periodic pass rewrites the status from what it observes
    awaitStatus("orders", st -> st.activeEndpoint() == null);

    Deployment after = deployment("orders");
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getSpec().getTemplate()).isEqualTo(before.getSpec().getTemplate());
  }

  @Test
  void rotatingAReferencedSecretRollsThePod() {
    apply("orders", spec());
    String before = secretsHash(awaitDeployment("orders"));
    Secret rotated = TestPipelines.kafkaSecret(KAFKA_KEY, "rotated-secret");
    rotated.getMetadata().setNamespace(namespace);
    client.resource(rotated).update();
    await().until(() -> !secretsHash(deployment("orders")).equals(before));
  }

  @Test
  void deletingAReferencedSecretSetsReadyFalseSecretNotFound() {
    apply("orders", spec());
    Deployment before = awaitDeployment("orders");
    client.secrets().inNamespace(namespace).withName("confluent").delete();
    Condition ready = awaitReady("orders", c -> "SecretNotFound".equals(c.getReason()));
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).contains("Secret confluent not found");
    assertThat(deployment("orders").getSpec().getTemplate()).isEqualTo(before.getSpec().getTemplate());
  }

  @Test
  void aPipelineWaitingForItsSecretStartsOnceTheSecretExists() {
    DsqlCdcPipeline p = TestPipelines.pipeline("orders", spec());
    p.getMetadata().setNamespace(namespace);
    p.getMetadata().setUid(null);
    p.getMetadata().setGeneration(null);
    client.resource(p).create();
    awaitReady("orders", c -> "SecretNotFound".equals(c.getReason()));
    assertThat(deployment("orders")).isNull();
    Secret secret = TestPipelines.kafkaSecret(KAFKA_KEY, KAFKA_SECRET);
    secret.getMetadata().setNamespace(namespace);
    client.resource(secret).create();
    awaitDeployment("orders");
    awaitReady("orders", c -> "DeploymentUnavailable".equals(c.getReason()));
  }

  @Test
  void stoppingScalesToZeroAndRunningScalesBackToOne() {
    apply("orders", spec());
    awaitDeployment("orders");
    editSpec("orders", s -> TestPipelines.withState(s, PipelineState.STOPPED));
    await().until(() -> deployment("orders").getSpec().getReplicas() == 0);
    awaitStatus("orders", s -> s.phase() == Phase.Stopped);
    editSpec("orders", s -> TestPipelines.withState(s, PipelineState.RUNNING));
    await().until(() -> deployment("orders").getSpec().getReplicas() == 1);
  }

  @Test
  void tablesTheRuntimeReportsAppearInTheStatus() {
    try (FakeRuntime runtime = new FakeRuntime()) {
      List<TableStatus> tables = List.of(
          new TableStatus("public.event_headers", TableState.Streaming, 10234L, 1.2, null, "2026-01-01T00:00:00Z", null),
          new TableStatus("public.orders", TableState.Snapshotting, 0L, null, 5000L, null, null));
      runtime.report(runtimeStatus(Phase.Snapshotting, tables));
      operator.runtimeAt(namespace, "orders", runtime.uri());
      apply("orders", spec());
      makeAvailable(awaitDeployment("orders"));
      DsqlCdcPipelineStatus status = awaitStatus("orders", s -> !s.tables().isEmpty());
      assertThat(status.tables()).isEqualTo(tables);
      assertThat(status.tablesReady()).isEqualTo("2/2");
      assertThat(status.lag()).isEqualTo("1.2s");
      assertThat(status.phase()).isEqualTo(Phase.Snapshotting);
      assertThat(awaitReady("orders", c -> true).getStatus()).isEqualTo("True");
    }
  }

  @Test
  void aFailingTableOfTwoMarksThePipelineDegradedNamingTheTableWhileItStaysReady() {
    try (FakeRuntime runtime = new FakeRuntime()) {
      runtime.report(runtimeStatus(Phase.Streaming, List.of(
          new TableStatus("public.event_headers", TableState.Streaming, 1L, 0.4, null, null, null),
          new TableStatus("public.orders", TableState.Failed, 0L, null, null, null,
              "permission denied for table orders: GRANT SELECT ON public.orders TO dsql_iam_user"))));
      operator.runtimeAt(namespace, "orders", runtime.uri());
      apply("orders", spec());
      makeAvailable(awaitDeployment("orders"));
      Condition degraded = awaitCondition("orders", "Degraded", c -> "True".equals(c.getStatus()));
      assertThat(degraded.getReason()).isEqualTo("TablesFailing");
      assertThat(degraded.getMessage()).contains("public.orders").contains("permission denied");
      assertThat(degraded.getMessage()).doesNotContain("public.event_headers");
      assertThat(awaitReady("orders", c -> true).getStatus()).isEqualTo("True");
      waiting().until(() -> events("orders").stream().anyMatch(e -> "Warning".equals(e.getType())
          && "TablesFailing".equals(e.getReason()) && e.getMessage().contains("public.orders")));
    }
  }

  @Test
  void aRuntimeThatStopsAnsweringIsNeverReportedReady() {
    FakeRuntime runtime = new FakeRuntime();
    runtime.report(runtimeStatus(Phase.Streaming, List.of(
        new TableStatus("public.event_headers", TableState.Streaming, 1L, 0.4, null, null, null),
        new TableStatus("public.orders", TableState.Streaming, 1L, 0.2, null, null, null))));
    operator.runtimeAt(namespace, "orders", runtime.uri());
    apply("orders", spec());
    makeAvailable(awaitDeployment("orders"));
    awaitReady("orders", c -> "True".equals(c.getStatus()));
    runtime.close();
    Condition ready = awaitReady("orders", c -> !"True".equals(c.getStatus()));
    assertThat(ready.getStatus()).isEqualTo("Unknown");
    assertThat(ready.getReason()).isEqualTo("RuntimeUnreachable");
    assertThat(ready.getMessage()).contains(runtime.uri().toString());
    assertThat(pipeline("orders").getStatus().tables()).isEmpty();
  }

  @Test
  void anInvalidSpecIsReportedWithAWarningAndTheLastValidDeploymentKeepsRunning() {
    apply("orders", spec());
    Deployment before = awaitDeployment("orders");
    SourceSpec s = spec().source();
    // not a DSQL endpoint and no region: IAM auth cannot sign tokens (a check only the operator makes)
    editSpec("orders", spec -> TestPipelines.withSource(spec, new SourceSpec(List.of("db.internal.example"), null,
        s.port(), s.database(), s.user(), SourceAuth.iam(TestPipelines.ROLE_ARN), s.tls(), s.pool())));
    Condition ready = awaitReady("orders", c -> "InvalidSpec".equals(c.getReason()));
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).contains("spec.source.endpoints[0]").contains("spec.source.region");
    assertThat(ready.getObservedGeneration()).isEqualTo(2L);
    assertThat(pipeline("orders").getStatus().phase()).isEqualTo(Phase.Failed);
    await().until(() -> client.v1().events().inNamespace(namespace).list().getItems().stream()
        .anyMatch(e -> "Warning".equals(e.getType()) && "InvalidSpec".equals(e.getReason())
            && "orders".equals(e.getInvolvedObject().getName())));
    assertThat(deployment("orders").getSpec().getTemplate()).isEqualTo(before.getSpec().getTemplate());
  }

  @Test
  void changesToOwnedObjectsAreAnnouncedAsEvents() {
    apply("orders", spec());
    awaitDeployment("orders");
    await().until(() -> events("orders").stream().filter(e -> "Created".equals(e.getReason())).count() == 4);
    assertThat(events("orders")).filteredOn(e -> "Created".equals(e.getReason()))
        .extracting(io.fabric8.kubernetes.api.model.Event::getMessage)
        .containsExactlyInAnyOrder("ServiceAccount orders created", "ConfigMap orders-config created",
            "Deployment orders created", "Service orders created");
  }

  @Test
  void namingItsOwnServiceAccountRemovesTheOneTheOperatorMade() {
    apply("orders", spec());
    awaitOwned(ServiceAccount.class, "orders");
    editSpec("orders", s -> new DsqlCdcPipelineSpec(s.state(), s.source(), s.tables(), s.capture(), s.sink(),
        new io.dsqlcdc.api.spec.RuntimeSpec(null, null, "team-capture", null, null, null), null, null));
    await().until(() -> "team-capture".equals(deployment("orders").getSpec().getTemplate().getSpec()
        .getServiceAccountName()));
    await().until(() -> client.serviceAccounts().inNamespace(namespace).withName("orders").get() == null);
  }

  @Test
  void aStateVolumeInTheSpecBecomesAClaimTheRuntimeMountsAndGoesWhenTheFieldDoes() {
    apply("orders", spec());
    awaitDeployment("orders");
    editSpec("orders", s -> new DsqlCdcPipelineSpec(s.state(), s.source(), s.tables(), s.capture(), s.sink(),
        new io.dsqlcdc.api.spec.RuntimeSpec(null, null, null, null, null, null,
            new io.dsqlcdc.api.spec.StateVolumeSpec("20Gi", null)), null, null));
    io.fabric8.kubernetes.api.model.PersistentVolumeClaim claim =
        awaitOwned(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class, "orders-state");
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("20Gi");
    await().until(() -> deployment("orders").getSpec().getTemplate().getSpec().getVolumes().stream()
        .anyMatch(v -> v.getPersistentVolumeClaim() != null
            && "orders-state".equals(v.getPersistentVolumeClaim().getClaimName())));
    editSpec("orders", s -> new DsqlCdcPipelineSpec(s.state(), s.source(), s.tables(), s.capture(), s.sink(), null,
        null, null));
    await().until(() -> client.persistentVolumeClaims().inNamespace(namespace).withName("orders-state").get() == null);
  }

  @Test
  void aSnapshotRequestReachesTheRuntimeConfigAndRollsThePod() {
    apply("orders", spec());
    String before = configHash(awaitDeployment("orders"));
    editSpec("orders", s -> new DsqlCdcPipelineSpec(s.state(), s.source(), s.tables(), s.capture(), s.sink(),
        s.runtime(), null, new io.dsqlcdc.api.spec.SnapshotRequest("resnap-1", List.of("public.orders"))));
    await().until(() -> client.configMaps().inNamespace(namespace).withName("orders-config").get().getData()
        .get("pipeline.yaml").contains("resnap-1"));
    await().until(() -> !configHash(deployment("orders")).equals(before));
  }

  @Test
  void periodicObservationKeepsLagCurrent() {
    try (FakeRuntime runtime = new FakeRuntime()) {
      runtime.report(runtimeStatus(Phase.Streaming, streaming(0.5)));
      operator.runtimeAt(namespace, "orders", runtime.uri());
      apply("orders", spec());
      makeAvailable(awaitDeployment("orders"));
      awaitStatus("orders", s -> "0.5s".equals(s.lag()));
      runtime.report(runtimeStatus(Phase.Streaming, streaming(7.25)));
      awaitStatus("orders", s -> "7.3s".equals(s.lag()));
    }
  }

  @Test
  void anUnchangedObservationWritesNoStatus() {
    try (FakeRuntime runtime = new FakeRuntime()) {
      runtime.report(runtimeStatus(Phase.Streaming, streaming(0.5)));
      operator.runtimeAt(namespace, "orders", runtime.uri());
      apply("orders", spec());
      makeAvailable(awaitDeployment("orders"));
      awaitReady("orders", c -> "True".equals(c.getStatus()));
      String version = pipeline("orders").getMetadata().getResourceVersion();
      int asked = runtime.requests();
      // three more passes, each observing the same
      waiting().until(() -> runtime.requests() >= asked + 3);
      assertThat(pipeline("orders").getMetadata().getResourceVersion()).isEqualTo(version);
    }
  }

  @Test
  void anObjectInTheWayIsReportedAsReconcileError() {
    client.configMaps().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("orders-config").withNamespace(namespace).endMetadata()
        .addToData("owner", "someone else").build()).create();
    apply("orders", spec());
    Condition ready = awaitReady("orders", c -> "ReconcileError".equals(c.getReason()));
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).contains("ConfigMap orders-config already exists and is not owned by this pipeline");
    assertThat(client.configMaps().inNamespace(namespace).withName("orders-config").get().getData())
        .containsEntry("owner", "someone else");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void everyRequestTheOperatorMadeIsAllowedByItsClusterRole() throws Exception {
    PolicyRules role = PolicyRules.load(PolicyRules.CLUSTER_ROLE);
    List<RecordedRequest> requests = operator.recorder().requests();
    assertThat(requests).extracting(r -> PolicyRules.access(r).verb())
        .contains("list", "watch", "create", "update");
    assertThat(requests).filteredOn(r -> role.allowing(r).isEmpty())
        .as("requests the ClusterRole in deploy/rbac does not allow").isEmpty();
  }

  // ---- helpers

  DsqlCdcPipeline apply(String name, DsqlCdcPipelineSpec spec) {
    Secret secret = TestPipelines.kafkaSecret(KAFKA_KEY, KAFKA_SECRET);
    secret.getMetadata().setNamespace(namespace);
    if (client.resource(secret).get() == null) {
      client.resource(secret).create();
    }
    DsqlCdcPipeline p = TestPipelines.pipeline(name, spec);
    p.getMetadata().setNamespace(namespace);
    p.getMetadata().setUid(null);
    p.getMetadata().setGeneration(null);
    return client.resource(p).create();
  }

  void editSpec(String name, UnaryOperator<DsqlCdcPipelineSpec> change) {
    edit(name, p -> {
      p.setSpec(change.apply(p.getSpec()));
      return p;
    });
  }

  /** Edits as kubectl does: on a conflict with the operator's own write, reads again and retries. */
  void edit(String name, UnaryOperator<DsqlCdcPipeline> change) {
    waiting().ignoreException(KubernetesClientException.class).until(() -> {
      client.resources(DsqlCdcPipeline.class).inNamespace(namespace).withName(name).edit(change);
      return true;
    });
  }

  DsqlCdcPipeline pipeline(String name) {
    return client.resources(DsqlCdcPipeline.class).inNamespace(namespace).withName(name).get();
  }

  Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  Deployment awaitDeployment(String name) {
    return awaitOwned(Deployment.class, name);
  }

  <R extends HasMetadata> R awaitOwned(Class<R> type, String name) {
    return waiting().until(() -> client.resources(type).inNamespace(namespace).withName(name).get(), Objects::nonNull);
  }

  /** Acts out the deployment controller: the pod of the current template is up and ready. */
  void makeAvailable(Deployment d) {
    int replicas = d.getSpec().getReplicas();
    d.setStatus(new DeploymentStatusBuilder()
        .withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
        .withAvailableReplicas(replicas)
        .build());
    client.resource(d).updateStatus();
  }

  DsqlCdcPipelineStatus awaitStatus(String name, java.util.function.Predicate<DsqlCdcPipelineStatus> wanted) {
    return waiting().until(() -> pipeline(name).getStatus(), s -> s != null && wanted.test(s));
  }

  Condition awaitReady(String name, java.util.function.Predicate<Condition> wanted) {
    return awaitCondition(name, "Ready", wanted);
  }

  Condition awaitCondition(String name, String type, java.util.function.Predicate<Condition> wanted) {
    return waiting().until(() -> Optional.ofNullable(pipeline(name).getStatus())
        .map(s -> s.conditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null))
        .orElse(null), c -> c != null && wanted.test(c));
  }

  static ConditionFactory waiting() {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100));
  }

  List<io.fabric8.kubernetes.api.model.Event> events(String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  static List<TableStatus> streaming(double lagSeconds) {
    return List.of(new TableStatus("public.event_headers", TableState.Streaming, 1L, lagSeconds, null, null, null),
        new TableStatus("public.orders", TableState.Streaming, 1L, 0.1, null, null, null));
  }

  static RuntimeStatus runtimeStatus(Phase phase, List<TableStatus> tables) {
    return new RuntimeStatus("orders", phase, Instant.parse("2026-01-01T00:00:00Z"),
        ConnectionStatus.up(TestPipelines.ENDPOINT), ConnectionStatus.up("broker:9092"), tables);
  }

  static String configHash(Deployment d) {
    return d.getSpec().getTemplate().getMetadata().getAnnotations().get(DesiredDeployment.CONFIG_HASH_ANNOTATION);
  }

  static String secretsHash(Deployment d) {
    return d.getSpec().getTemplate().getMetadata().getAnnotations().get(DesiredDeployment.SECRETS_HASH_ANNOTATION);
  }
}
