package io.dsqlcdc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renders the install bundle with {@code kubectl kustomize}, offline, as a user would before applying it.
 * kubectl is not on every machine; where it is missing these tests are skipped with that reason.
 */
class KustomizeRenderTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @BeforeAll
  static void kubectlIsInstalled() {
    assumeTrue(onPath("kubectl"), "kubectl is not installed here: the kustomize rendering is not checked");
  }

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  static List<JsonNode> render(String dir) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(out)) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    }
    return docs;
  }

  static JsonNode find(List<JsonNode> docs, String kind, String name) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.at("/metadata/name").asText()))
        .findFirst().orElseThrow(() -> new AssertionError(kind + " " + name + " is not rendered"));
  }

  @Test
  void baseInstallsCrdRbacAndTheOperatorInItsNamespace() throws Exception {
    List<JsonNode> docs = render("base");
    find(docs, "Namespace", "dsqlcdc-system");
    find(docs, "CustomResourceDefinition", "dsqlcdcpipelines.dsqlcdc.io");
    find(docs, "ClusterRole", "dsqlcdc-operator");
    find(docs, "ClusterRoleBinding", "dsqlcdc-operator");
    find(docs, "Service", "dsqlcdc-operator-metrics");
    JsonNode deployment = find(docs, "Deployment", "dsqlcdc-operator");
    assertThat(deployment.at("/metadata/namespace").asText()).isEqualTo("dsqlcdc-system");
  }

  @Test
  void imagesOfOperatorAndRuntimeComeFromTheKustomization() throws Exception {
    List<JsonNode> docs = render("base");
    JsonNode container = find(docs, "Deployment", "dsqlcdc-operator").at("/spec/template/spec/containers/0");
    assertThat(container.path("image").asText()).isEqualTo("ghcr.io/dsql-cdc/operator:0.1.0");
    String runtimeImagesConfigMap = container.at("/env").findValue("configMapKeyRef").path("name").asText();
    JsonNode images = docs.stream().filter(d -> runtimeImagesConfigMap.equals(d.at("/metadata/name").asText()))
        .findFirst().orElseThrow();
    assertThat(images.at("/data/runtime-image").asText()).isEqualTo("ghcr.io/dsql-cdc/capture-runtime:0.1.0");
  }

  @Test
  void operatorPodIsLockedDown() throws Exception {
    JsonNode pod = find(render("base"), "Deployment", "dsqlcdc-operator").at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    JsonNode container = pod.at("/containers/0");
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
  }

  @Test
  void singleNamespaceOverlayWatchesOneNamespaceWithoutClusterWideGrants() throws Exception {
    List<JsonNode> docs = render("overlays/single-namespace");
    assertThat(docs).noneMatch(d -> "ClusterRoleBinding".equals(d.path("kind").asText()));
    JsonNode binding = find(docs, "RoleBinding", "dsqlcdc-operator");
    assertThat(binding.at("/metadata/namespace").asText()).isEqualTo("cdc");
    JsonNode env = find(docs, "Deployment", "dsqlcdc-operator").at("/spec/template/spec/containers/0/env/0");
    assertThat(env.path("name").asText()).isEqualTo("WATCH_NAMESPACES");
    assertThat(env.path("value").asText()).isEqualTo("cdc");
  }
}
