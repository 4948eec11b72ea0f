package io.dsqlcdc.operator.reconciler;

import static io.dsqlcdc.operator.TestPipelines.pipeline;
import static io.dsqlcdc.operator.TestPipelines.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.PipelineState;
import io.dsqlcdc.api.spec.RuntimeSpec;
import io.dsqlcdc.api.spec.SourceAuth;
import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.api.spec.StateVolumeSpec;
import io.dsqlcdc.operator.TestPipelines;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredDeploymentTest {
  static final String IMAGE = "registry.example/capture-runtime:1";

  static Deployment build(DsqlCdcPipeline p) {
    return build(p, "digest");
  }

  static Deployment build(DsqlCdcPipeline p, String secretsDigest) {
    return DesiredDeployment.of(p, new DesiredDeployment.Inputs(PipelineConfigRenderer.render(p), secretsDigest, IMAGE));
  }

  static Container container(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static Map<String, String> podAnnotations(Deployment d) {
    return d.getSpec().getTemplate().getMetadata().getAnnotations();
  }

  @Test
  void runsOneReplicaWithTheRecreateStrategy() {
    Deployment d = build(pipeline("orders"));
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
  }

  @Test
  void runsNoReplicaWhenStopped() {
    assertThat(build(pipeline("orders", TestPipelines.withState(spec(), PipelineState.STOPPED))).getSpec().getReplicas())
        .isZero();
  }

  @Test
  void runsTheConfigFromTheMountedConfigMapOnTheSpecsPort() {
    Deployment d = build(pipeline("orders"));
    assertThat(container(d).getArgs()).containsExactly("run", "--config", "/etc/dsqlcdc/pipeline.yaml", "--http-port", "8080",
        "--state-dir", "/var/lib/dsqlcdc/state");
    assertThat(container(d).getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getMountPath()).isEqualTo("/etc/dsqlcdc");
      assertThat(m.getReadOnly()).isTrue();
    });
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v ->
        assertThat(v.getConfigMap().getName()).isEqualTo("orders-config"));
  }

  @Test
  void keepsTheStateStoresOnAnEmptyDirByDefaultSoAContainerRestartKeepsThem() {
    Deployment d = build(pipeline("orders"));
    assertThat(container(d).getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getName()).isEqualTo("state");
      assertThat(m.getMountPath()).isEqualTo("/var/lib/dsqlcdc/state");
    });
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getName().equals("state"))
        .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
  }

  @Test
  void mountsThePipelinesClaimWhenTheSpecAsksForAStateVolume() {
    DsqlCdcPipelineSpec s = spec();
    Deployment d = build(pipeline("orders", new DsqlCdcPipelineSpec(s.state(), s.source(), s.tables(), s.capture(),
        s.sink(), new RuntimeSpec(null, null, null, null, null, null, new StateVolumeSpec("20Gi", "gp3")), null, null)));
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getName().equals("state"))
        .singleElement().satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("orders-state"));
    assertThat(d.getSpec().getStrategy().getType()).as("one writer of the claim at a time").isEqualTo("Recreate");
  }

  @Test
  void fillsOneEnvironmentVariablePerSecretKeyFromTheSecret() {
    Deployment d = build(pipeline("orders"));
    assertThat(container(d).getEnv()).extracting(EnvVar::getName)
        .containsExactly("SECRET_CONFLUENT_API_KEY", "SECRET_CONFLUENT_API_SECRET");
    EnvVar key = container(d).getEnv().get(0);
    assertThat(key.getValue()).isNull();
    assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo("confluent");
    assertThat(key.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("api-key");
  }

  @Test
  void hardensThePod() {
    Deployment d = build(pipeline("orders"));
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    var security = container(d).getSecurityContext();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container(d).getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
  }

  @Test
  void probesHealthzForLivenessAndReadyzForReadiness() {
    Container c = container(build(pipeline("orders")));
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  @Test
  void takesImageResourcesAndPortFromTheSpecElseTheDefaultImage() {
    assertThat(container(build(pipeline("orders"))).getImage()).isEqualTo(IMAGE);
    DsqlCdcPipelineSpec s = spec();
    RuntimeSpec runtime = new RuntimeSpec("mine/runtime:2", new ResourceRequirementsBuilder()
        .addToLimits("memory", new Quantity("1Gi")).build(), null, 9090, "-Xmx512m", Map.of("team", "cdc"));
    Deployment d = build(pipeline("orders", new DsqlCdcPipelineSpec(s.state(), s.source(), s.tables(), s.capture(),
        s.sink(), runtime, null, null)));
    assertThat(container(d).getImage()).isEqualTo("mine/runtime:2");
    assertThat(container(d).getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
    assertThat(container(d).getArgs()).containsSubsequence("--http-port", "9090");
    assertThat(container(d).getPorts().get(0).getContainerPort()).isEqualTo(9090);
    assertThat(container(d).getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
      assertThat(e.getValue()).isEqualTo("-Xmx512m");
    });
    assertThat(podAnnotations(d)).containsEntry("team", "cdc");
  }

  @Test
  void configHashFollowsTheSpec() {
    String before = podAnnotations(build(pipeline("orders"))).get(DesiredDeployment.CONFIG_HASH_ANNOTATION);
    String after = podAnnotations(build(pipeline("orders", TestPipelines.withRestartNonce(spec(), "1"))))
        .get(DesiredDeployment.CONFIG_HASH_ANNOTATION);
    assertThat(after).isNotEqualTo(before);
    assertThat(podAnnotations(build(pipeline("orders"))).get(DesiredDeployment.CONFIG_HASH_ANNOTATION)).isEqualTo(before);
  }

  @Test
  void secretsDigestGoesOnThePodTemplate() {
    assertThat(podAnnotations(build(pipeline("orders"), "abc"))).containsEntry(DesiredDeployment.SECRETS_HASH_ANNOTATION, "abc");
  }

  @Test
  void roleArnHashFollowsTheRoleArn() {
    String before = podAnnotations(build(pipeline("orders"))).get(DesiredDeployment.ROLE_ARN_HASH_ANNOTATION);
    SourceSpec s = spec().source();
    SourceSpec otherRole = new SourceSpec(s.endpoints(), s.region(), s.port(), s.database(), s.user(),
        SourceAuth.iam("arn:aws:iam::111122223333:role/other"), s.tls(), s.pool());
    String after = podAnnotations(build(pipeline("orders", TestPipelines.withSource(spec(), otherRole))))
        .get(DesiredDeployment.ROLE_ARN_HASH_ANNOTATION);
    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void isOwnedByThePipelineAsController() {
    Deployment d = build(pipeline("orders"));
    assertThat(d.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getKind()).isEqualTo("DsqlCdcPipeline");
      assertThat(o.getApiVersion()).isEqualTo("dsqlcdc.io/v1alpha1");
      assertThat(o.getUid()).isEqualTo("uid-orders");
      assertThat(o.getController()).isTrue();
    });
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/instance", "orders")
        .containsEntry("app.kubernetes.io/name", "dsql-cdc-runtime");
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
  }
}
