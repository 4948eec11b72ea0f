package io.dsqlcdc.testsupport.kubernetes;

import java.util.Optional;

/**
 * A resource request's path taken apart: {@code /api/v1/namespaces/ns/pods/name/status} or
 * {@code /apis/group/version/plural/name}.
 *
 * @param group the API group, empty for the core group
 * @param namespace the namespace, null for cluster-scoped paths and lists across all namespaces
 * @param name the object's name, null for a collection
 * @param subresource e.g. {@code status}, null for the object itself
 */
record ResourcePath(String group, String version, String namespace, String plural, String name, String subresource) {

  static Optional<ResourcePath> parse(String path) {
    String[] parts = path.substring(1).split("/");
    int at;
    String group;
    if (parts.length >= 3 && parts[0].equals("api")) {
      group = "";
      at = 1;
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      group = parts[1];
      at = 2;
    } else {
      return Optional.empty();
    }
    String version = parts[at++];
    String namespace = null;
    if (parts.length - at >= 3 && parts[at].equals("namespaces")) {
      namespace = parts[at + 1];
      at += 2;
    }
    String plural = parts[at++];
    String name = at < parts.length ? parts[at++] : null;
    String subresource = at < parts.length ? parts[at] : null;
    return Optional.of(new ResourcePath(group, version, namespace, plural, name, subresource));
  }

  /** The path of the object itself, without the subresource. */
  String objectPath() {
    String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    return base + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural + "/" + name;
  }

  /** How the API server names the resource in messages, e.g. {@code dsqlcdcpipelines.dsqlcdc.io}. */
  String qualifiedResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }
}
