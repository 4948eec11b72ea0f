package io.dsqlcdc.testsupport.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.testsupport.tools.Kubectl;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl 1.35 against the mock API: every command a user runs on a pipeline does what it does on a cluster. */
class KubectlAgainstMockApiTest {
  static final String PIPELINE = """
      apiVersion: dsqlcdc.io/v1alpha1
      kind: DsqlCdcPipeline
      metadata: {name: demo, namespace: test}
      spec:
        source:
          endpoints: [localhost]
          user: capture
          auth: {type: password, passwordSecret: {name: pg, key: password}}
          pool: {maxSize: 4, minIdle: 1}
        tables: [{name: public.items, cursor: updated_at}, {name: public.orders, cursor: updated_at}]
        sink: {bootstrapServers: "localhost:9092", topicPrefix: local}
      """;

  @RegisterExtension
  final KubernetesMockExtension k8s = KubernetesMockExtension.create();
  @TempDir
  Path dir;
  Kubectl kubectl;

  @BeforeEach
  void kubeconfig() {
    kubectl = new Kubectl(k8s.writeKubeconfig(dir.resolve("kubeconfig"), "mock", "test"));
  }

  Kubectl.Result ok(Kubectl.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }

  DsqlCdcPipeline stored() {
    return k8s.client().resources(DsqlCdcPipeline.class).inNamespace("test").withName("demo").get();
  }

  void setStatus(Map<String, Object> status) {
    ResourceDefinitionContext context = ResourceDefinitionContext.fromResourceType(DsqlCdcPipeline.class);
    GenericKubernetesResource r = k8s.client().genericKubernetesResources(context).inNamespace("test")
        .withName("demo").get();
    r.setAdditionalProperty("status", status);
    k8s.client().genericKubernetesResources(context).inNamespace("test").resource(r).updateStatus();
  }

  static Map<String, Object> streamingAndReady() {
    return Map.of("phase", "Streaming", "tablesReady", "2/2", "lag", "1.2s", "conditions", List.of(Map.of(
        "type", "Ready", "status", "True", "reason", "Streaming", "message", "streaming",
        "lastTransitionTime", "2026-01-01T00:00:00Z")));
  }

  @Test
  void applyCreatesThePipelineAndReapplyReplacesItsTableList() {
    assertThat(ok(kubectl.runWithInput(PIPELINE, "apply", "-f", "-")).out())
        .isEqualTo("dsqlcdcpipeline.dsqlcdc.io/demo created");
    ok(kubectl.runWithInput(PIPELINE.replace("public.orders", "public.refunds"), "apply", "-f", "-"));
    assertThat(stored().getSpec().tables()).extracting(t -> t.name()).containsExactly("public.items", "public.refunds");
    assertThat(stored().getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void getShowsThePrinterColumnsByShortNameAndWide() {
    ok(kubectl.runWithInput(PIPELINE, "apply", "-f", "-"));
    setStatus(streamingAndReady());
    for (String output : List.of("", "wide")) {
      String table = output.isEmpty() ? ok(kubectl.run("get", "dcp")).out() : ok(kubectl.run("get", "dcp", "-o", output)).out();
      List<String> lines = table.lines().toList();
      assertThat(lines.get(0).split("\\s+")).containsExactly("NAME", "PHASE", "READY", "TABLES", "LAG", "AGE");
      assertThat(lines.get(1).split("\\s+")).startsWith("demo", "Streaming", "True", "2/2", "1.2s");
    }
  }

  @Test
  void aMergePatchReplacesListsAndNullRemovesAField() {
    ok(kubectl.runWithInput(PIPELINE, "apply", "-f", "-"));
    ok(kubectl.run("patch", "dcp", "demo", "--type", "merge", "-p",
        "{\"spec\":{\"state\":\"stopped\",\"tables\":[{\"name\":\"public.only\",\"cursor\":\"updated_at\"}],"
            + "\"source\":{\"pool\":null}}}"));
    DsqlCdcPipeline p = stored();
    assertThat(p.getSpec().state().toString()).isEqualToIgnoringCase("stopped");
    assertThat(p.getSpec().tables()).extracting(t -> t.name()).containsExactly("public.only");
    assertThat(k8s.client().genericKubernetesResources(ResourceDefinitionContext.fromResourceType(DsqlCdcPipeline.class))
        .inNamespace("test").withName("demo").get().getAdditionalProperties().toString()).doesNotContain("pool");
  }

  @Test
  void aJsonPatchIsApplied() {
    ok(kubectl.runWithInput(PIPELINE, "apply", "-f", "-"));
    ok(kubectl.run("patch", "dcp", "demo", "--type", "json", "-p",
        "[{\"op\":\"replace\",\"path\":\"/spec/sink/topicPrefix\",\"value\":\"renamed\"}]"));
    assertThat(stored().getSpec().sink().topicPrefix()).isEqualTo("renamed");
  }

  @Test
  void aStrategicPatchOfACustomResourceIsRefusedAsByARealApiServer() {
    ok(kubectl.runWithInput(PIPELINE, "apply", "-f", "-"));
    Kubectl.Result refused = kubectl.run("patch", "dcp", "demo", "-p", "{\"spec\":{\"state\":\"stopped\"}}");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("application/strategic-merge-patch+json is not supported");
  }

  @Test
  void aSpecBreakingACelRuleIsRefusedNamingTheFieldAndTheRule() {
    Kubectl.Result refused = kubectl.runWithInput(PIPELINE.replace("minIdle: 1", "minIdle: 9"), "apply", "-f", "-");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("The DsqlCdcPipeline \"demo\" is invalid: "
        + "spec.source.pool: Invalid value: \"object\": pool.minIdle must not exceed pool.maxSize");
    assertThat(stored()).isNull();
  }

  @Test
  void aSpecBreakingTheSchemaIsRefusedNamingTheField() {
    ok(kubectl.runWithInput(PIPELINE, "apply", "-f", "-"));
    Kubectl.Result refused = kubectl.run("patch", "dcp", "demo", "--type", "merge", "-p", "{\"spec\":{\"state\":\"paused\"}}");
    assertThat(refused.err()).contains("The DsqlCdcPipeline \"demo\" is invalid: spec.state: Unsupported value: "
        + "\"paused\": supported values: \"running\", \"stopped\"");
  }

  @Test
  void anUnknownFieldIsRefusedByStrictFieldValidation() {
    Kubectl.Result refused = kubectl.runWithInput(PIPELINE.replace("topicPrefix: local", "topicPrefix: local, topicPrefx: x"),
        "apply", "-f", "-");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("strict decoding error: unknown field \"spec.sink.topicPrefx\"");
  }

  @Test
  void getWatchPrintsEachChange() {
    ok(kubectl.runWithInput(PIPELINE, "apply", "-f", "-"));
    try (Kubectl.Running watch = kubectl.background("get", "dcp", "-w")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> watch.lines().size() == 2);
      setStatus(streamingAndReady());
      await().atMost(Duration.ofSeconds(30)).until(() -> watch.lines().size() == 3);
      assertThat(watch.lines().get(0)).startsWith("NAME");
      assertThat(watch.lines().get(2).split("\\s+")).startsWith("demo", "Streaming", "True");
    }
  }

  @Test
  void waitReturnsOnceTheConditionHolds() {
    ok(kubectl.runWithInput(PIPELINE, "apply", "-f", "-"));
    try (Kubectl.Running wait = kubectl.background("wait", "--for=condition=Ready", "dcp/demo", "--timeout=60s")) {
      assertThat(wait.lines()).isEmpty();
      setStatus(streamingAndReady());
      await().atMost(Duration.ofSeconds(30)).until(() -> wait.lines().contains("dsqlcdcpipeline.dsqlcdc.io/demo condition met"));
    }
  }

  @Test
  void describeShowsTheSpecAndTheEventsOfThePipelineOnly() {
    ok(kubectl.runWithInput(PIPELINE, "apply", "-f", "-"));
    DsqlCdcPipeline p = stored();
    for (String name : List.of("demo", "other")) {
      k8s.client().v1().events().inNamespace("test").resource(new EventBuilder().withNewMetadata()
          .withName(name + ".1").endMetadata().withNewInvolvedObject().withKind("DsqlCdcPipeline")
          .withApiVersion("dsqlcdc.io/v1alpha1").withName(name).withNamespace("test")
          .withUid(name.equals("demo") ? p.getMetadata().getUid() : "other-uid").endInvolvedObject()
          .withType("Normal").withReason("Created").withMessage("Deployment " + name + " created")
          .withLastTimestamp(p.getMetadata().getCreationTimestamp()).build()).create();
    }
    String described = ok(kubectl.run("describe", "dcp", "demo")).out();
    assertThat(described).contains("Name:         demo").containsPattern("Topic Prefix: +local")
        .contains("Deployment demo created").doesNotContain("Deployment other created");
  }

  @Test
  void deleteRemovesThePipelineAndTheGarbageCollectorWhatItOwns() {
    ok(kubectl.runWithInput(PIPELINE, "apply", "-f", "-"));
    k8s.client().apps().deployments().inNamespace("test").resource(owned(new DeploymentBuilder().withNewMetadata()
        .withName("demo").withLabels(Map.of("app.kubernetes.io/instance", "demo")).endMetadata().withNewSpec()
        .withReplicas(1).withNewSelector().addToMatchLabels("app", "demo").endSelector().withNewTemplate()
        .withNewMetadata().addToLabels("app", "demo").endMetadata().withNewSpec().addNewContainer().withName("runtime")
        .withImage("capture-runtime").endContainer().endSpec().endTemplate().endSpec().build())).create();
    k8s.client().configMaps().inNamespace("test").resource(new ConfigMapBuilder().withNewMetadata().withName("keep")
        .endMetadata().build()).create();
    assertThat(ok(kubectl.run("get", "all", "-l", "app.kubernetes.io/instance=demo")).out())
        .contains("deployment.apps/demo");

    assertThat(ok(kubectl.run("delete", "dcp", "demo")).out()).contains("\"demo\" deleted");

    assertThat(k8s.client().apps().deployments().inNamespace("test").withName("demo").get()).isNull();
    assertThat(k8s.client().configMaps().inNamespace("test").withName("keep").get()).isNotNull();
  }

  @Test
  void aStrategicPatchOfADeploymentMergesContainersByName() {
    k8s.client().apps().deployments().inNamespace("test").resource(new DeploymentBuilder().withNewMetadata()
        .withName("app").endMetadata().withNewSpec().withReplicas(1).withNewTemplate().withNewSpec()
        .addNewContainer().withName("a").withImage("a:1").endContainer()
        .addNewContainer().withName("b").withImage("b:1").endContainer().endSpec().endTemplate().endSpec().build())
        .create();
    ok(kubectl.run("patch", "deployment", "app", "-p",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"b\",\"image\":\"b:2\"}]}}}}"));
    ok(kubectl.run("scale", "deployment", "app", "--replicas=0"));
    Deployment d = k8s.client().apps().deployments().inNamespace("test").withName("app").get();
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).extracting(c -> c.getName() + "=" + c.getImage())
        .containsExactly("a=a:1", "b=b:2");
    assertThat(d.getSpec().getReplicas()).isZero();
  }

  @Test
  void getAsYamlRoundTripsThroughApply() {
    ok(kubectl.runWithInput(PIPELINE, "apply", "-f", "-"));
    String yaml = ok(kubectl.run("get", "dcp", "demo", "-o", "yaml")).out();
    ok(kubectl.runWithInput(yaml, "apply", "-f", "-"));
    assertThat(stored().getMetadata().getGeneration()).isEqualTo(1L);
  }

  private Deployment owned(Deployment d) {
    DsqlCdcPipeline owner = stored();
    d.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
        .withApiVersion("dsqlcdc.io/v1alpha1").withKind("DsqlCdcPipeline").withName("demo")
        .withUid(owner.getMetadata().getUid()).withController(true).build()));
    return d;
  }
}
