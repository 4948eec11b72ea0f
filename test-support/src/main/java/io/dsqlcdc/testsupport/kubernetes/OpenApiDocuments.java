package io.dsqlcdc.testsupport.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsqlcdc.testsupport.kubernetes.Discovery.ResourceType;
import java.util.List;
import java.util.Optional;

/**
 * The OpenAPI v3 documents kubectl reads ({@code /openapi/v3} and one per group version). kubectl looks in them for
 * two things: whether a kind's PATCH takes the {@code fieldValidation} parameter (then it leaves schema validation to
 * the server, which checks custom resources against their CRD here) and a custom resource's schema, for
 * {@code kubectl explain}. Built-in kinds get their paths but no schemas: kubectl has those compiled in.
 * {@code /openapi/v2} stays absent, which kubectl accepts when v3 answers.
 */
final class OpenApiDocuments {
  private static final String ROOT = "/openapi/v3";

  private final ObjectMapper json;

  OpenApiDocuments(ObjectMapper json) {
    this.json = json;
  }

  Optional<String> document(String path, List<ResourceType> types, List<JsonNode> crds) {
    if (path.equals(ROOT)) {
      ObjectNode paths = json.createObjectNode();
      types.stream().map(ResourceType::groupVersion).distinct().forEach(gv -> paths.putObject(prefix(gv))
          .put("serverRelativeURL", ROOT + "/" + prefix(gv)));
      return Optional.of(json.createObjectNode().<ObjectNode>set("paths", paths).toString());
    }
    if (!path.startsWith(ROOT + "/")) {
      return Optional.empty();
    }
    String groupVersion = path.substring(ROOT.length() + 1).replaceFirst("^apis?/", "");
    List<ResourceType> inVersion = types.stream().filter(t -> t.groupVersion().equals(groupVersion)).toList();
    if (inVersion.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode document = json.createObjectNode().put("openapi", "3.0.0");
    document.putObject("info").put("title", "Kubernetes").put("version", Discovery.SERVER_VERSION);
    ObjectNode paths = document.putObject("paths");
    ObjectNode schemas = document.putObject("components").putObject("schemas");
    for (ResourceType type : inVersion) {
      String base = "/" + prefix(groupVersion) + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural();
      ObjectNode patch = paths.putObject(base + "/{name}").putObject("patch");
      gvk(patch.putObject("x-kubernetes-group-version-kind"), type);
      patch.putArray("parameters").addObject().put("name", "fieldValidation").put("in", "query")
          .putObject("schema").put("type", "string");
      ObjectNode content = patch.putObject("requestBody").putObject("content");
      content.putObject("application/json-patch+json");
      content.putObject("application/merge-patch+json");
      patch.putObject("responses").putObject("200").put("description", "OK");
      crdSchema(type, crds).ifPresent(schema -> {
        ObjectNode copy = schema.deepCopy();
        gvk(copy.putArray("x-kubernetes-group-version-kind").addObject(), type);
        schemas.set(schemaName(type), copy);
      });
    }
    return Optional.of(document.toString());
  }

  private static Optional<JsonNode> crdSchema(ResourceType type, List<JsonNode> crds) {
    for (JsonNode crd : crds) {
      if (crd.path("spec").path("group").asText().equals(type.group())
          && crd.path("spec").path("names").path("plural").asText().equals(type.plural())) {
        for (JsonNode version : crd.path("spec").path("versions")) {
          if (version.path("name").asText().equals(type.version())) {
            return Optional.of(version.path("schema").path("openAPIV3Schema"));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** As the API server names a CRD's schema: the group reversed, the version, the kind. */
  private static String schemaName(ResourceType type) {
    List<String> parts = new java.util.ArrayList<>(List.of(type.group().split("\\.")));
    java.util.Collections.reverse(parts);
    return String.join(".", parts) + "." + type.version() + "." + type.kind();
  }

  private static void gvk(ObjectNode node, ResourceType type) {
    node.put("group", type.group()).put("version", type.version()).put("kind", type.kind());
  }

  private static String prefix(String groupVersion) {
    return groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
  }
}
