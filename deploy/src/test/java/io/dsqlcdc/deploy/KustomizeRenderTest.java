package io.dsqlcdc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Renders the install bundle with the real {@code kubectl kustomize} (1.35.2), offline, as a user would. */
class KustomizeRenderTest {

  static List<JsonNode> render(String dir) {
    return RenderedInstall.kustomize(dir).objects();
  }

  static JsonNode find(List<JsonNode> docs, String kind, String name) {
    return new RenderedInstall(docs).find(kind, name);
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
