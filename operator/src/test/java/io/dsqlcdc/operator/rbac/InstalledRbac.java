package io.dsqlcdc.operator.rbac;

import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.dsqlcdc.testsupport.kubernetes.Manifests;
import io.dsqlcdc.testsupport.kubernetes.RecordedRequest;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatus;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The permissions an install's rendered RBAC (Roles, ClusterRoles and their bindings) gives one ServiceAccount,
 * evaluated as the API server's RBAC authorizer does: ClusterRoleBindings grant everywhere, RoleBindings only in
 * their namespace, and a RoleBinding's ServiceAccount subject without a namespace means one in the binding's own.
 */
public final class InstalledRbac {
  /**
   * What every authenticated user may do on any cluster, from the default ClusterRoles system:basic-user and
   * system:discovery (bound to system:authenticated), so not part of any install.
   */
  static final List<PolicyRule> GRANTED_TO_EVERY_USER = List.of(
      new PolicyRuleBuilder().withApiGroups("authorization.k8s.io")
          .withResources("selfsubjectaccessreviews", "selfsubjectrulesreviews").withVerbs("create").build(),
      new PolicyRuleBuilder().withNonResourceURLs("/api", "/api/*", "/apis", "/apis/*", "/version", "/version/",
          "/healthz", "/livez", "/readyz", "/openapi", "/openapi/*").withVerbs("get").build());

  private final Manifests manifests;
  private final String serviceAccountNamespace;
  private final String serviceAccountName;

  public InstalledRbac(Manifests manifests, String serviceAccountNamespace, String serviceAccountName) {
    this.manifests = manifests;
    this.serviceAccountNamespace = Objects.requireNonNull(serviceAccountNamespace);
    this.serviceAccountName = Objects.requireNonNull(serviceAccountName);
  }

  /** The permissions of the ServiceAccount that the install's operator Deployment runs as. */
  public static InstalledRbac ofOperator(Manifests manifests) {
    Deployment deployment = manifests.get(Deployment.class, "dsqlcdc-operator");
    return new InstalledRbac(manifests, deployment.getMetadata().getNamespace(),
        deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
  }

  /** The rules in force for the ServiceAccount in this namespace; null = cluster-wide (all namespaces). */
  public PolicyRules rulesIn(String namespace) {
    List<PolicyRule> rules = new ArrayList<>(GRANTED_TO_EVERY_USER);
    for (ClusterRoleBinding binding : manifests.all(ClusterRoleBinding.class)) {
      if (binding.getSubjects().stream().anyMatch(s -> isTheServiceAccount(s, null))) {
        rules.addAll(rulesOf(binding.getRoleRef(), null));
      }
    }
    if (namespace != null) {
      for (RoleBinding binding : manifests.all(RoleBinding.class)) {
        String bindingNamespace = binding.getMetadata().getNamespace();
        if (namespace.equals(bindingNamespace)
            && binding.getSubjects().stream().anyMatch(s -> isTheServiceAccount(s, bindingNamespace))) {
          rules.addAll(rulesOf(binding.getRoleRef(), bindingNamespace));
        }
      }
    }
    return new PolicyRules(rules);
  }

  /** The rule allowing this request of the ServiceAccount, if any. */
  public Optional<PolicyRule> allowing(RecordedRequest request) {
    PolicyRules.Access access = PolicyRules.access(request);
    return rulesIn(access.namespace()).allowing(access);
  }

  /** What the API server answers to the ServiceAccount's SelfSubjectRulesReview for this namespace. */
  public SubjectRulesReviewStatus review(String namespace) {
    PolicyRules rules = rulesIn(namespace);
    List<ResourceRule> resourceRules = rules.rules().stream().filter(r -> r.getResources() != null
        && !r.getResources().isEmpty()).map(r -> new ResourceRuleBuilder().withApiGroups(r.getApiGroups())
        .withResources(r.getResources()).withResourceNames(r.getResourceNames()).withVerbs(r.getVerbs()).build())
        .toList();
    List<NonResourceRule> nonResourceRules = rules.rules().stream().filter(r -> r.getNonResourceURLs() != null
        && !r.getNonResourceURLs().isEmpty()).map(r -> new NonResourceRuleBuilder()
        .withNonResourceURLs(r.getNonResourceURLs()).withVerbs(r.getVerbs()).build()).toList();
    return new SubjectRulesReviewStatusBuilder().withIncomplete(false).withResourceRules(resourceRules)
        .withNonResourceRules(nonResourceRules).build();
  }

  /** Makes the mock API answer SelfSubjectRulesReview as a real one would for this ServiceAccount. */
  public void answerRulesReviews(KubernetesMockExtension api) {
    KubernetesSerialization serialization = api.client().getKubernetesSerialization();
    api.answer("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", 201, body -> {
      SelfSubjectRulesReview review = serialization.unmarshal(body, SelfSubjectRulesReview.class);
      review.setStatus(review(review.getSpec().getNamespace()));
      return serialization.asJson(review);
    });
  }

  private boolean isTheServiceAccount(Subject subject, String bindingNamespace) {
    String namespace = subject.getNamespace() == null || subject.getNamespace().isEmpty()
        ? bindingNamespace : subject.getNamespace();
    return "ServiceAccount".equals(subject.getKind()) && serviceAccountName.equals(subject.getName())
        && serviceAccountNamespace.equals(namespace);
  }

  private List<PolicyRule> rulesOf(RoleRef ref, String bindingNamespace) {
    Stream<List<PolicyRule>> found = switch (ref.getKind()) {
      case "ClusterRole" -> manifests.all(ClusterRole.class).stream()
          .filter(r -> ref.getName().equals(r.getMetadata().getName())).map(ClusterRole::getRules);
      case "Role" -> manifests.all(Role.class).stream()
          .filter(r -> ref.getName().equals(r.getMetadata().getName())
              && Objects.equals(bindingNamespace, r.getMetadata().getNamespace()))
          .map(Role::getRules);
      default -> throw new IllegalArgumentException("unknown roleRef kind " + ref.getKind());
    };
    // a binding to a role the install does not render grants nothing, as on a cluster
    return found.findFirst().orElse(List.of());
  }
}
