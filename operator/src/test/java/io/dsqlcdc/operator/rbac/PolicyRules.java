package io.dsqlcdc.operator.rbac;

import io.dsqlcdc.testsupport.kubernetes.RecordedRequest;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Decides, as the API server's RBAC authorizer would, whether a set of policy rules allows a recorded request. */
public final class PolicyRules {
  /** Where the operator's ClusterRole lives, relative to the operator module. */
  public static final Path CLUSTER_ROLE = Path.of("../deploy/rbac/cluster-role.yaml");

  private final List<PolicyRule> rules;

  public PolicyRules(List<PolicyRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The rules of the ClusterRole in this file. */
  public static PolicyRules load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new PolicyRules(Serialization.unmarshal(in, ClusterRole.class).getRules());
    }
  }

  public List<PolicyRule> rules() {
    return rules;
  }

  /**
   * What RBAC sees in a request: API group, namespace (null when cluster-wide), resource (with subresource), name,
   * verb; for a non-resource request (e.g. {@code /version}) only the path and verb, the resource being null.
   */
  public record Access(String apiGroup, String namespace, String resource, String name, String verb,
      String nonResourcePath) {
    @Override
    public String toString() {
      if (resource == null) {
        return verb + " " + nonResourcePath;
      }
      return verb + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + (name == null ? "" : " " + name)
          + (namespace == null ? "" : " in " + namespace);
    }
  }

  public static Access access(RecordedRequest request) {
    String[] parts = Arrays.stream(request.resourcePath().split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    // /api/v1/... or /apis/<group>/<version>/...
    int start;
    String group;
    if (parts.length >= 3 && parts[0].equals("api")) {
      group = "";
      start = 2;
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      group = parts[1];
      start = 3;
    } else {
      String verb = switch (request.verb()) {
        case "GET" -> "get";
        case "POST" -> "post";
        case "PUT" -> "put";
        case "PATCH" -> "patch";
        case "DELETE" -> "delete";
        default -> throw new IllegalArgumentException("unknown verb in " + request);
      };
      return new Access(null, null, null, null, verb, request.resourcePath());
    }
    List<String> rest = Arrays.asList(parts).subList(start, parts.length);
    String namespace = null;
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : null;
    if (rest.size() > 2) {
      resource = resource + "/" + rest.get(2);
    }
    if (namespace == null && resource.equals("namespaces") && name != null) {
      // a Namespace object is its own namespace, as the authorizer sees it
      namespace = name;
    }
    String verb = switch (request.verb()) {
      case "GET" -> name != null ? "get" : request.isWatch() ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name != null ? "delete" : "deletecollection";
      default -> throw new IllegalArgumentException("unknown verb in " + request);
    };
    return new Access(group, namespace, resource, name, verb, null);
  }

  /** The rule allowing the request, if any. */
  public Optional<PolicyRule> allowing(RecordedRequest request) {
    return allowing(access(request));
  }

  /** The rule allowing the access, if any. */
  public Optional<PolicyRule> allowing(Access a) {
    return rules.stream().filter(r -> a.resource() == null ? allowsNonResource(r, a) : allowsResource(r, a))
        .findFirst();
  }

  private static boolean allowsResource(PolicyRule r, Access a) {
    return matches(r.getApiGroups(), a.apiGroup())
        && matches(r.getResources(), a.resource())
        && matches(r.getVerbs(), a.verb())
        && (r.getResourceNames() == null || r.getResourceNames().isEmpty()
            || (a.name() != null && r.getResourceNames().contains(a.name())));
  }

  private static boolean allowsNonResource(PolicyRule r, Access a) {
    return matches(r.getVerbs(), a.verb()) && r.getNonResourceURLs() != null
        && r.getNonResourceURLs().stream().anyMatch(url -> url.equals("*") || url.equals(a.nonResourcePath())
            || (url.endsWith("*") && a.nonResourcePath().startsWith(url.substring(0, url.length() - 1))));
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed != null && (allowed.contains("*") || allowed.contains(value));
  }
}
