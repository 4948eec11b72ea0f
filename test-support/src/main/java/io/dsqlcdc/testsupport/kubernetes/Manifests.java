package io.dsqlcdc.testsupport.kubernetes;

import io.dsqlcdc.testsupport.tools.KubernetesCli;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects an install renders to, as {@code kubectl apply} would receive them: from {@code kubectl kustomize} or
 * {@code helm template}, run with the real binaries ({@link KubernetesCli}).
 *
 * @param objects every rendered object, in render order
 */
public record Manifests(List<HasMetadata> objects) {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  public Manifests {
    objects = List.copyOf(objects);
  }

  /** Renders a kustomization directory with {@code kubectl kustomize}. */
  public static Manifests kustomize(Path dir) {
    return parse(KubernetesCli.runKubectl(List.of("kustomize", dir.toString())));
  }

  /**
   * Renders a chart with {@code helm template}, CRDs included, as {@code helm install} would apply it.
   *
   * @param values {@code --set} values, e.g. {@code watchNamespaces={cdc}}
   */
  public static Manifests helmTemplate(Path chart, String release, String namespace, Map<String, String> values) {
    List<String> args = new ArrayList<>(List.of("template", release, chart.toString(), "--namespace", namespace,
        "--include-crds"));
    values.forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
    return parse(KubernetesCli.runHelm(args));
  }

  /** Parses a multi-document YAML stream; empty documents are skipped. */
  public static Manifests parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(line -> !line.isBlank() && !line.strip().startsWith("#"))) {
        Object parsed = SERIALIZATION.unmarshal(document);
        if (parsed instanceof KubernetesList list) {
          objects.addAll(list.getItems());
        } else {
          objects.add((HasMetadata) parsed);
        }
      }
    }
    return new Manifests(objects);
  }

  /** Every object of this type (typed kinds, e.g. Role, Deployment). */
  public <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The object of this kind and name, if rendered. */
  public Optional<HasMetadata> find(String kind, String name) {
    return objects.stream().filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName()))
        .findFirst();
  }

  /** The object of this type and name; fails naming what is missing. */
  public <T extends HasMetadata> T get(Class<T> type, String name) {
    return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
        .orElseThrow(() -> new AssertionError(type.getSimpleName() + " " + name + " is not rendered"));
  }
}
