package io.dsqlcdc.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.testsupport.kubernetes.Manifests;
import io.dsqlcdc.testsupport.kubernetes.RecordedRequest;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import org.junit.jupiter.api.Test;

class InstalledRbacTest {
  static final String RBAC = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: reader}
      rules:
        - {apiGroups: [""], resources: [configmaps], verbs: [get, list, watch]}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: reader, namespace: cdc}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
      subjects: [{kind: ServiceAccount, name: op, namespace: system}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: lease, namespace: system}
      rules:
        - {apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, create, update]}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: lease, namespace: system}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: lease}
      subjects: [{kind: ServiceAccount, name: op}]
      """;
  final InstalledRbac rbac = new InstalledRbac(Manifests.parse(RBAC), "system", "op");

  @Test
  void aRoleBindingGrantsOnlyInItsOwnNamespace() {
    assertThat(rbac.allowing(new RecordedRequest("GET", "/api/v1/namespaces/cdc/configmaps/c"))).isPresent();
    assertThat(rbac.allowing(new RecordedRequest("GET", "/api/v1/namespaces/other/configmaps/c"))).isEmpty();
    assertThat(rbac.allowing(new RecordedRequest("GET", "/api/v1/configmaps?watch=true"))).isEmpty();
  }

  @Test
  void aServiceAccountSubjectWithoutNamespaceIsTheOneInTheBindingsNamespace() {
    assertThat(rbac.allowing(new RecordedRequest("GET",
        "/apis/coordination.k8s.io/v1/namespaces/system/leases/dsql-cdc-operator"))).isPresent();
    assertThat(new InstalledRbac(Manifests.parse(RBAC), "cdc", "op").allowing(new RecordedRequest("GET",
        "/apis/coordination.k8s.io/v1/namespaces/system/leases/dsql-cdc-operator"))).isEmpty();
  }

  @Test
  void aLeaseRoleWithoutPatchRefusesTheLeaderElectorsRenewal() {
    assertThat(rbac.allowing(new RecordedRequest("PATCH",
        "/apis/coordination.k8s.io/v1/namespaces/system/leases/dsql-cdc-operator"))).isEmpty();
  }

  @Test
  void everyUserMayReviewItsOwnRulesAndReadDiscovery() {
    assertThat(rbac.allowing(new RecordedRequest("POST",
        "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"))).isPresent();
    assertThat(rbac.allowing(new RecordedRequest("GET", "/version"))).isPresent();
  }

  @Test
  void theRulesReviewListsWhatTheNamespaceGrants() {
    assertThat(rbac.review("system").getResourceRules()).extracting(ResourceRule::getResources)
        .contains(java.util.List.of("leases")).doesNotContain(java.util.List.of("configmaps"));
    assertThat(rbac.review("cdc").getResourceRules()).extracting(ResourceRule::getResources)
        .contains(java.util.List.of("configmaps")).doesNotContain(java.util.List.of("leases"));
  }
}
