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

/** Decides, as the API server's RBAC authorizer would, whether a ClusterRole allows a recorded request. */
public final class ClusterRoleRules {
  /** Where the operator's ClusterRole lives, relative to the operator module. */
  public static final Path CLUSTER_ROLE = Path.of("../deploy/rbac/cluster-role.yaml");

  private final List<PolicyRule> rules;

  public ClusterRoleRules(List<PolicyRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static ClusterRoleRules load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new ClusterRoleRules(Serialization.unmarshal(in, ClusterRole.class).getRules());
    }
  }

  /** What RBAC sees in a request: API group, resource (with subresource), name, verb. */
  public record Access(String apiGroup, String resource, String name, String verb) {
    @Override
    public String toString() {
      return verb + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + (name == null ? "" : " " + name);
    }
  }

  public static Access access(RecordedRequest request) {
    String[] parts = Arrays.stream(request.resourcePath().split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    // /api/v1/... or /apis/<group>/<version>/...
    int start;
    String group;
    if (parts[0].equals("api")) {
      group = "";
      start = 2;
    } else if (parts[0].equals("apis")) {
      group = parts[1];
      start = 3;
    } else {
      throw new IllegalArgumentException("not a resource request: " + request.path());
    }
    List<String> rest = Arrays.asList(parts).subList(start, parts.length);
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : null;
    if (rest.size() > 2) {
      resource = resource + "/" + rest.get(2);
    }
    String verb = switch (request.verb()) {
      case "GET" -> name != null ? "get" : request.isWatch() ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name != null ? "delete" : "deletecollection";
      default -> throw new IllegalArgumentException("unknown verb in " + request);
    };
    return new Access(group, resource, name, verb);
  }

  /** The rule allowing the request, if any. */
  public Optional<PolicyRule> allowing(RecordedRequest request) {
    Access a = access(request);
    return rules.stream().filter(r -> matches(r.getApiGroups(), a.apiGroup())
        && matches(r.getResources(), a.resource())
        && matches(r.getVerbs(), a.verb())
        && (r.getResourceNames() == null || r.getResourceNames().isEmpty()
            || (a.name() != null && r.getResourceNames().contains(a.name()))))
        .findFirst();
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed != null && (allowed.contains("*") || allowed.contains(value));
  }
}
