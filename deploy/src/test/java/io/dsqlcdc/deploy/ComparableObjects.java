package io.dsqlcdc.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An install's objects reduced to what the cluster acts on, so that a Helm render and a kustomize render of the
 * same install compare equal: labels and annotations of the objects themselves are dropped (Helm adds its own),
 * pod template annotations too (Helm rolls pods on a checksum, kustomize by a hashed ConfigMap name), the release
 * instance label leaves selectors, kustomize's hash suffix leaves generated ConfigMap names, and a binding's
 * ServiceAccount subject without a namespace gets the binding's, as the RBAC authorizer reads it.
 */
final class ComparableObjects {
  private static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
  // kustomize's generator suffix: ten characters from an alphabet without vowels
  private static final Pattern GENERATED_SUFFIX = Pattern.compile("-[bcdfghkmt2-9]{10}$");

  private ComparableObjects() {
  }

  /** The objects by {@code Kind namespace/name}, normalised; the Namespace itself is left out (Helm creates none). */
  static Map<String, JsonNode> of(RenderedInstall install) {
    Map<String, JsonNode> byKey = new TreeMap<>();
    for (JsonNode original : install.objects()) {
      if ("Namespace".equals(original.path("kind").asText())) {
        continue;
      }
      ObjectNode object = original.deepCopy();
      normalise(object);
      byKey.put(object.path("kind").asText() + " " + object.at("/metadata/namespace").asText() + "/"
          + object.at("/metadata/name").asText(), object);
    }
    return byKey;
  }

  private static void normalise(ObjectNode object) {
    ObjectNode metadata = (ObjectNode) object.get("metadata");
    metadata.remove(List.of("labels", "annotations"));
    String kind = object.path("kind").asText();
    if ("ConfigMap".equals(kind)) {
      metadata.put("name", withoutGeneratedSuffix(metadata.path("name").asText()));
    }
    if ("Deployment".equals(kind)) {
      removeInstance(object.at("/spec/selector/matchLabels"));
      removeInstance(object.at("/spec/template/metadata/labels"));
      ((ObjectNode) object.at("/spec/template/metadata")).remove("annotations");
      for (JsonNode container : object.at("/spec/template/spec/containers")) {
        for (JsonNode env : container.path("env")) {
          JsonNode ref = env.at("/valueFrom/configMapKeyRef");
          if (ref.isObject()) {
            ((ObjectNode) ref).put("name", withoutGeneratedSuffix(ref.path("name").asText()));
          }
        }
      }
    }
    if ("Service".equals(kind)) {
      removeInstance(object.at("/spec/selector"));
    }
    if (kind.endsWith("RoleBinding")) {
      for (JsonNode subject : object.path("subjects")) {
        if ("ServiceAccount".equals(subject.path("kind").asText()) && subject.path("namespace").asText().isEmpty()) {
          ((ObjectNode) subject).put("namespace", metadata.path("namespace").asText());
        }
      }
    }
  }

  private static void removeInstance(JsonNode labels) {
    if (labels.isObject()) {
      ((ObjectNode) labels).remove(INSTANCE_LABEL);
    }
  }

  private static String withoutGeneratedSuffix(String name) {
    return GENERATED_SUFFIX.matcher(name).replaceFirst("");
  }
}
