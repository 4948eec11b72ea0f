package io.dsqlcdc.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LocalPodRunnerTest {
  static final String NS = "test";
  static final Map<String, String> POD_IDENTITY = Map.of("AWS_ACCESS_KEY_ID", "identity-key", "PLAIN", "identity");

  @RegisterExtension
  final KubernetesMockExtension kubernetes = KubernetesMockExtension.create();
  @TempDir
  Path podsDir;
  KubernetesClient client;
  LocalPodRunner runner;

  @BeforeEach
  void startRunner() {
    client = kubernetes.client();
    ImageCommands images = new ImageCommands()
        .javaMain("capture-runtime", System.getProperty("java.class.path"), FakeRuntimeMain.class.getName());
    runner = new LocalPodRunner(client, images, podsDir, POD_IDENTITY);
    client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("p-config")
        .endMetadata().addToData("pipeline.yaml", "spec: {}\n").build()).create();
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("kafka").endMetadata()
        .addToStringData("password", "s3cret").build()).create();
    runner.start();
  }

  @AfterEach
  void stopRunner() {
    runner.close();
  }

  static Deployment deployment(int replicas, String nonce) {
    return new DeploymentBuilder()
        .withNewMetadata().withName("p").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(replicas)
        .withNewTemplate().withNewMetadata().addToAnnotations("nonce", nonce).endMetadata()
        .withNewSpec()
        .addNewContainer().withName("runtime").withImage("ghcr.io/dsql-cdc/capture-runtime:0.1.0")
        .withArgs("run", "--config", "/etc/dsqlcdc/pipeline.yaml", "--http-port", "8080")
        .addNewEnv().withName("SECRET_KAFKA_PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "kafka", false)
        .endValueFrom().endEnv()
        .addNewEnv().withName("PLAIN").withValue("v").endEnv()
        .addNewVolumeMount().withName("config").withMountPath("/etc/dsqlcdc").endVolumeMount()
        .endContainer()
        .addNewVolume().withName("config").withNewConfigMap().withName("p-config").endConfigMap().endVolume()
        .endSpec().endTemplate().endSpec().build();
  }

  Deployment apply(Deployment d) {
    return client.apps().deployments().inNamespace(NS).resource(d).createOr(op -> op.update());
  }

  Deployment current() {
    return client.apps().deployments().inNamespace(NS).withName("p").get();
  }

  String launchRecord() throws IOException {
    try (var files = Files.walk(podsDir)) {
      Path launch = files.filter(f -> f.getFileName().toString().equals("launch.txt")).findFirst().orElseThrow();
      return Files.readString(launch);
    }
  }

  boolean available() {
    Deployment d = current();
    return d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas());
  }

  @Test
  void startsThePodWithSecretsConfigMapFilesAndALocalHttpPort() throws IOException {
    apply(deployment(1, "a"));
    await().atMost(Duration.ofSeconds(30)).until(this::available);
    String launch = launchRecord();
    assertThat(launch).contains("SECRET_KAFKA_PASSWORD=s3cret").contains("PLAIN=v").contains("config=spec: {}");
    assertThat(launch).doesNotContain("/etc/dsqlcdc/pipeline.yaml")
        .contains("--http-port, " + runner.httpPort(NS, "p").orElseThrow());
  }

  @Test
  void everyPodGetsThePodIdentityInItsEnvironmentAndTheContainersOwnEnvWins() throws IOException {
    apply(deployment(1, "a"));
    await().atMost(Duration.ofSeconds(30)).until(this::available);
    assertThat(launchRecord()).contains("AWS_ACCESS_KEY_ID=identity-key", "PLAIN=v").doesNotContain("PLAIN=identity");
  }

  @Test
  void marksTheDeploymentAvailableOnceReadyzAnswers() {
    apply(deployment(1, "a"));
    await().atMost(Duration.ofSeconds(30)).until(this::available);
    assertThat(current().getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Available");
      assertThat(c.getStatus()).isEqualTo("True");
    });
  }

  @Test
  void stopsThePodWhenScaledToZero() {
    apply(deployment(1, "a"));
    await().atMost(Duration.ofSeconds(30)).until(this::available);
    long pid = runner.pid(NS, "p").orElseThrow();
    apply(deployment(0, "a"));
    await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    assertThat(runner.httpPort(NS, "p")).isEmpty();
  }

  @Test
  void replacesThePodWhenThePodTemplateChanges() {
    apply(deployment(1, "a"));
    await().atMost(Duration.ofSeconds(30)).until(this::available);
    long first = runner.pid(NS, "p").orElseThrow();
    apply(deployment(1, "b"));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> runner.pid(NS, "p").filter(pid -> pid != first).isPresent() && available());
    assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void restartsAKilledContainer() {
    apply(deployment(1, "a"));
    await().atMost(Duration.ofSeconds(30)).until(this::available);
    long first = runner.pid(NS, "p").orElseThrow();
    ProcessHandle.of(first).orElseThrow().destroyForcibly();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> runner.pid(NS, "p").filter(pid -> pid != first).isPresent() && available());
    assertThat(runner.restarts(NS, "p")).isEqualTo(1);
  }

  @Test
  void stopsThePodWhenTheDeploymentIsDeleted() {
    apply(deployment(1, "a"));
    await().atMost(Duration.ofSeconds(30)).until(this::available);
    long pid = runner.pid(NS, "p").orElseThrow();
    client.apps().deployments().inNamespace(NS).withName("p").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void reportsAMissingSecretOnTheDeploymentWithoutStartingAnything() {
    client.secrets().inNamespace(NS).withName("kafka").delete();
    apply(deployment(1, "a"));
    await().atMost(Duration.ofSeconds(30)).until(() -> current().getStatus() != null);
    assertThat(current().getStatus().getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("CreateContainerConfigError");
      assertThat(c.getMessage()).contains("secret \"kafka\" not found");
    });
    assertThat(runner.pid(NS, "p")).isEmpty();
  }
}
