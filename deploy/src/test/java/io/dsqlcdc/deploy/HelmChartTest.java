package io.dsqlcdc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsqlcdc.testsupport.tools.KubernetesCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Helm chart in charts/dsqlcdc-operator, linted and rendered with the real helm (4.1.4). */
class HelmChartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Map<String, String> WATCH_CDC = Map.of("watchNamespaces", "{cdc}");

  @Test
  void lintsCleanWithDefaultsAndWithEveryOptionalPartOn() {
    String chart = RenderedInstall.CHART.toString();
    assertThat(KubernetesCli.runHelm(List.of("lint", "--strict", chart))).contains("0 chart(s) failed");
    assertThat(KubernetesCli.runHelm(List.of("lint", "--strict", chart, "--set", "watchNamespaces={cdc,billing}",
        "--set", "monitoring.enabled=true", "--set", "imagePullSecrets[0].name=registry")))
        .contains("0 chart(s) failed");
  }

  @Test
  void carriesTheGeneratedCrdUnchanged() throws Exception {
    String file = "dsqlcdcpipelines.dsqlcdc.io-v1.yml";
    assertThat(Files.readString(RenderedInstall.CHART.resolve("crds").resolve(file)))
        .as("charts/dsqlcdc-operator/crds/%s: copy crds/%s over it", file, file)
        .isEqualTo(Files.readString(Path.of("..", "crds", file)));
  }

  @Test
  void carriesTheMonitoringRulesAndDashboardOfDeployUnchanged() throws Exception {
    for (String file : List.of("prometheus-rule.yaml", "dsqlcdc-dashboard.json")) {
      assertThat(Files.readString(RenderedInstall.CHART.resolve("files").resolve(file)))
          .as("charts/dsqlcdc-operator/files/%s: copy deploy/monitoring/%s over it", file, file)
          .isEqualTo(Files.readString(Path.of("monitoring", file)));
    }
  }

  @Test
  void defaultRenderHoldsTheObjectsOfTheKustomizeBase() {
    assertSameObjects(ComparableObjects.of(RenderedInstall.helm(Map.of())),
        ComparableObjects.of(RenderedInstall.kustomize("base")));
  }

  @Test
  void watchedNamespacesRenderHoldsTheObjectsOfTheSingleNamespaceOverlay() {
    assertSameObjects(ComparableObjects.of(RenderedInstall.helm(WATCH_CDC)),
        ComparableObjects.of(RenderedInstall.kustomize("overlays/single-namespace")));
  }

  @Test
  void eachWatchedNamespaceGetsARoleBindingAndNoneIsClusterWide() {
    RenderedInstall install = RenderedInstall.helm(Map.of("watchNamespaces", "{cdc,billing}"));
    assertThat(install.ofKind("ClusterRoleBinding")).isEmpty();
    assertThat(install.ofKind("RoleBinding")).extracting(b -> b.at("/metadata/namespace").asText())
        .containsExactlyInAnyOrder("cdc", "billing", RenderedInstall.NAMESPACE);
    assertThat(env(install, "WATCH_NAMESPACES")).isEqualTo("cdc,billing");
  }

  @Test
  void imagePullSecretsResourcesReplicasAndExtraEnvReachTheDeployment() {
    RenderedInstall install = RenderedInstall.helm(Map.of(
        "image.repository", "registry.example/operator", "image.tag", "1.2.3",
        "runtimeImage.repository", "registry.example/runtime", "runtimeImage.tag", "1.2.3",
        "imagePullSecrets[0].name", "registry", "replicas", "3", "resources.limits.memory", "1Gi",
        "extraEnv[0].name", "REOBSERVE_INTERVAL", "extraEnv[0].value", "30s"));
    JsonNode deployment = install.find("Deployment", RenderedInstall.RELEASE);
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    assertThat(container.path("image").asText()).isEqualTo("registry.example/operator:1.2.3");
    assertThat(install.find("ConfigMap", "dsqlcdc-operator-images").at("/data/runtime-image").asText())
        .isEqualTo("registry.example/runtime:1.2.3");
    assertThat(deployment.at("/spec/template/spec/imagePullSecrets/0/name").asText()).isEqualTo("registry");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("1Gi");
    assertThat(env(install, "REOBSERVE_INTERVAL")).isEqualTo("30s");
  }

  @Test
  void aSingleReplicaWithoutLeaderElectionGetsNoLeaseRole() {
    RenderedInstall install = RenderedInstall.helm(Map.of("replicas", "1", "leaderElection.enabled", "false"));
    assertThat(install.ofKind("Role")).isEmpty();
    assertThat(env(install, "LEADER_ELECTION")).isEqualTo("false");
  }

  @Test
  void moreReplicasWithoutLeaderElectionAreRefusedWithTheReason() {
    assertThatThrownBy(() -> RenderedInstall.helm(Map.of("leaderElection.enabled", "false")))
        .hasMessageContaining("replicas > 1 needs leaderElection.enabled: true");
  }

  @Test
  void monitoringObjectsOnlyWhenEnabled() throws Exception {
    assertThat(RenderedInstall.helm(Map.of()).objects())
        .noneMatch(o -> o.path("apiVersion").asText().startsWith("monitoring.coreos.com/"));
    RenderedInstall install = RenderedInstall.helm(Map.of("monitoring.enabled", "true",
        "monitoring.labels.release", "kube-prometheus-stack"));
    JsonNode serviceMonitor = install.find("ServiceMonitor", RenderedInstall.RELEASE);
    JsonNode service = install.find("Service", RenderedInstall.RELEASE + "-metrics");
    assertThat(serviceMonitor.at("/spec/selector/matchLabels")).isEqualTo(
        ((com.fasterxml.jackson.databind.node.ObjectNode) service.at("/metadata/labels").deepCopy())
            .retain("app.kubernetes.io/name", "app.kubernetes.io/instance"));
    assertThat(serviceMonitor.at("/spec/endpoints/0/port").asText()).isEqualTo(service.at("/spec/ports/0/name").asText());
    assertThat(serviceMonitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
    assertThat(install.find("PodMonitor", RenderedInstall.RELEASE + "-runtimes").at("/spec/selector/matchLabels"))
        .hasToString("{\"app.kubernetes.io/name\":\"dsql-cdc-runtime\",\"app.kubernetes.io/managed-by\":\"dsql-cdc-operator\"}");
    List<JsonNode> kustomize = KustomizeRenderTest.render("monitoring");
    assertThat(install.find("PrometheusRule", RenderedInstall.RELEASE).at("/spec"))
        .isEqualTo(KustomizeRenderTest.find(kustomize, "PrometheusRule", "dsqlcdc").at("/spec"));
    JsonNode dashboard = install.find("ConfigMap", RenderedInstall.RELEASE + "-grafana-dashboard");
    assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(service.at("/metadata/labels/app.kubernetes.io~1name").asText())
        .as("the job the operator-down alert selects (the ServiceMonitor's jobLabel)").isEqualTo("dsqlcdc-operator");
    String file = "/data/dsqlcdc-dashboard.json";
    assertThat(JSON.readTree(dashboard.at(file).asText())).isEqualTo(JSON.readTree(
        KustomizeRenderTest.find(kustomize, "ConfigMap", "dsqlcdc-grafana-dashboard").at(file).asText()));
  }

  static String env(RenderedInstall install, String name) {
    for (JsonNode env : install.find("Deployment", RenderedInstall.RELEASE).at("/spec/template/spec/containers/0/env")) {
      if (name.equals(env.path("name").asText())) {
        return env.path("value").asText();
      }
    }
    throw new AssertionError("no env " + name);
  }

  static void assertSameObjects(Map<String, JsonNode> helm, Map<String, JsonNode> kustomize) {
    assertThat(helm.keySet()).as("objects of the Helm render").isEqualTo(kustomize.keySet());
    helm.forEach((key, object) -> assertThat(object).as(key).isEqualTo(kustomize.get(key)));
  }
}
