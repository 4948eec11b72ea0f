package io.dsqlcdc.testsupport.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents kubectl reads before anything else ({@code /version}, {@code /api}, {@code /apis} and one
 * APIResourceList per group version): the built-in resources a cluster has that the operator and kubectl use, and
 * every CRD stored in the API, with its short names, categories and subresources.
 */
final class Discovery {
  static final String SERVER_VERSION = "v1.35.0";
  private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
      "update", "watch");

  /** A resource type: where it lives and how kubectl may name it. */
  record ResourceType(String group, String version, String plural, String singular, String kind, boolean namespaced,
      List<String> shortNames, List<String> categories, List<String> subresources) {

    String groupVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  private static final List<ResourceType> BUILT_IN = List.of(
      core("configmaps", "ConfigMap", true, List.of("cm"), List.of()),
      core("endpoints", "Endpoints", true, List.of("ep"), List.of()),
      core("events", "Event", true, List.of("ev"), List.of()),
      core("namespaces", "Namespace", false, List.of("ns"), List.of(), "status"),
      core("persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), List.of(), "status"),
      core("pods", "Pod", true, List.of("po"), List.of("all"), "log", "status"),
      core("replicationcontrollers", "ReplicationController", true, List.of("rc"), List.of("all"), "scale", "status"),
      core("secrets", "Secret", true, List.of(), List.of()),
      core("serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of()),
      core("services", "Service", true, List.of("svc"), List.of("all"), "status"),
      type("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds"), List.of("all"), "status"),
      type("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), List.of("all"), "scale", "status"),
      type("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs"), List.of("all"), "scale", "status"),
      type("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts"), List.of("all"), "scale", "status"),
      type("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, List.of("hpa"),
          List.of("all"), "status"),
      type("batch", "v1", "cronjobs", "CronJob", true, List.of("cj"), List.of("all"), "status"),
      type("batch", "v1", "jobs", "Job", true, List.of(), List.of("all"), "status"),
      type("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false,
          List.of("crd", "crds"), List.of(), "status"),
      type("coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), List.of()),
      type("events.k8s.io", "v1", "events", "Event", true, List.of("ev"), List.of()),
      type("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"), List.of(), "status"),
      type("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, List.of(), List.of()),
      type("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, List.of(), List.of()),
      type("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, List.of(), List.of()),
      type("rbac.authorization.k8s.io", "v1", "roles", "Role", true, List.of(), List.of()));

  private final ObjectMapper json;

  Discovery(ObjectMapper json) {
    this.json = json;
  }

  /** The resource types now: the built-in ones, then one per version of every stored CRD. */
  static List<ResourceType> types(List<JsonNode> crds) {
    List<ResourceType> types = new ArrayList<>(BUILT_IN);
    for (JsonNode crd : crds) {
      JsonNode names = crd.path("spec").path("names");
      for (JsonNode version : crd.path("spec").path("versions")) {
        if (!version.path("served").asBoolean(true)) {
          continue;
        }
        List<String> subresources = new ArrayList<>();
        version.path("subresources").fieldNames().forEachRemaining(subresources::add);
        types.add(new ResourceType(crd.path("spec").path("group").asText(), version.path("name").asText(),
            names.path("plural").asText(), names.path("singular").asText(), names.path("kind").asText(),
            !"Cluster".equals(crd.path("spec").path("scope").asText()), strings(names.path("shortNames")),
            strings(names.path("categories")), subresources));
      }
    }
    return types;
  }

  /** The document at {@code path}, if it is a discovery path. */
  Optional<String> document(String path, List<ResourceType> types) {
    if (path.equals("/version")) {
      ObjectNode version = json.createObjectNode().put("major", "1").put("minor", "35")
          .put("gitVersion", SERVER_VERSION).put("platform", "linux/amd64")
          .put("goVersion", "fabric8 mock API server (dsql-cdc-operator test-support)");
      return Optional.of(version.toString());
    }
    if (path.equals("/api")) {
      ObjectNode versions = json.createObjectNode().put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
          .put("serverAddress", "127.0.0.1");
      return Optional.of(versions.toString());
    }
    if (path.equals("/apis")) {
      ObjectNode list = json.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
      ArrayNode groups = list.putArray("groups");
      groupVersions(types).forEach((group, versions) -> groups.add(group(group, versions)));
      return Optional.of(list.toString());
    }
    String[] parts = path.substring(1).split("/");
    if (parts.length == 2 && parts[0].equals("api")) {
      return resourceList("", parts[1], types);
    }
    if (parts.length == 2 && parts[0].equals("apis")) {
      List<String> versions = groupVersions(types).get(parts[1]);
      return versions == null ? Optional.empty() : Optional.of(group(parts[1], versions).toString());
    }
    if (parts.length == 3 && parts[0].equals("apis")) {
      return resourceList(parts[1], parts[2], types);
    }
    return Optional.empty();
  }

  static boolean isDiscoveryPath(String path) {
    return path.equals("/version") || path.matches("/api(/[^/]+)?") || path.matches("/apis(/[^/]+){0,2}");
  }

  private Optional<String> resourceList(String group, String version, List<ResourceType> types) {
    List<ResourceType> inVersion = types.stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    if (inVersion.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode list = json.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", inVersion.get(0).groupVersion());
    ArrayNode resources = list.putArray("resources");
    for (ResourceType t : inVersion) {
      ObjectNode resource = resources.addObject().put("name", t.plural()).put("singularName", t.singular())
          .put("namespaced", t.namespaced()).put("kind", t.kind());
      VERBS.forEach(resource.putArray("verbs")::add);
      if (!t.shortNames().isEmpty()) {
        t.shortNames().forEach(resource.putArray("shortNames")::add);
      }
      if (!t.categories().isEmpty()) {
        t.categories().forEach(resource.putArray("categories")::add);
      }
      for (String sub : t.subresources()) {
        ObjectNode subresource = resources.addObject().put("name", t.plural() + "/" + sub).put("singularName", "")
            .put("namespaced", t.namespaced()).put("kind", sub.equals("scale") ? "Scale" : t.kind());
        List<String> verbs = sub.equals("log") ? List.of("get") : List.of("get", "patch", "update");
        verbs.forEach(subresource.putArray("verbs")::add);
        if (sub.equals("scale")) {
          subresource.put("group", "autoscaling").put("version", "v1");
        }
      }
    }
    return Optional.of(list.toString());
  }

  private ObjectNode group(String name, List<String> versions) {
    ObjectNode group = json.createObjectNode().put("kind", "APIGroup").put("apiVersion", "v1").put("name", name);
    ArrayNode list = group.putArray("versions");
    versions.forEach(v -> list.addObject().put("groupVersion", name + "/" + v).put("version", v));
    group.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0)).put("version", versions.get(0));
    return group;
  }

  private static Map<String, List<String>> groupVersions(List<ResourceType> types) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ResourceType t : types) {
      if (!t.group().isEmpty()) {
        List<String> versions = groups.computeIfAbsent(t.group(), g -> new ArrayList<>());
        if (!versions.contains(t.version())) {
          versions.add(t.version());
        }
      }
    }
    return groups;
  }

  private static ResourceType core(String plural, String kind, boolean namespaced, List<String> shortNames,
      List<String> categories, String... subresources) {
    return type("", "v1", plural, kind, namespaced, shortNames, categories, subresources);
  }

  private static ResourceType type(String group, String version, String plural, String kind, boolean namespaced,
      List<String> shortNames, List<String> categories, String... subresources) {
    return new ResourceType(group, version, plural, kind.toLowerCase(java.util.Locale.ROOT), kind, namespaced,
        shortNames, categories, List.of(subresources));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
