package io.dsqlcdc.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsqlcdc.testsupport.kubernetes.Manifests;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** An install rendered with the real kubectl or helm, as JSON trees to assert on. */
record RenderedInstall(List<JsonNode> objects) {
  static final Path DEPLOY = Path.of(".");
  static final Path CHART = Path.of("..", "charts", "dsqlcdc-operator");
  /** The release name and namespace the chart is rendered with, those of the kustomize install. */
  static final String RELEASE = "dsqlcdc-operator";
  static final String NAMESPACE = "dsqlcdc-system";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static RenderedInstall kustomize(String dir) {
    return of(Manifests.kustomize(DEPLOY.resolve(dir)));
  }

  /** {@code helm template} of the chart with these {@code --set} values. */
  static RenderedInstall helm(Map<String, String> values) {
    return of(Manifests.helmTemplate(CHART, RELEASE, NAMESPACE, values));
  }

  private static RenderedInstall of(Manifests manifests) {
    return new RenderedInstall(manifests.objects().stream()
        .map(o -> SERIALIZATION.convertValue(o, JsonNode.class)).toList());
  }

  JsonNode find(String kind, String name) {
    return objects.stream()
        .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.at("/metadata/name").asText()))
        .findFirst().orElseThrow(() -> new AssertionError(kind + " " + name + " is not rendered"));
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }
}
