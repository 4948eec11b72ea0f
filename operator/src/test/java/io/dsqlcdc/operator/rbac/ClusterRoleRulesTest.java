package io.dsqlcdc.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.testsupport.kubernetes.RecordedRequest;
import org.junit.jupiter.api.Test;

class ClusterRoleRulesTest {

  static ClusterRoleRules.Access access(String verb, String path) {
    return ClusterRoleRules.access(new RecordedRequest(verb, path));
  }

  @Test
  void mapsPathsAndMethodsToRbacVerbsAndResources() {
    assertThat(access("GET", "/apis/apps/v1/deployments?watch=true&resourceVersion=5"))
        .isEqualTo(new ClusterRoleRules.Access("apps", "deployments", null, "watch"));
    assertThat(access("GET", "/apis/apps/v1/namespaces/cdc/deployments?labelSelector=x"))
        .isEqualTo(new ClusterRoleRules.Access("apps", "deployments", null, "list"));
    assertThat(access("GET", "/api/v1/namespaces/cdc/secrets/pg"))
        .isEqualTo(new ClusterRoleRules.Access("", "secrets", "pg", "get"));
    assertThat(access("PUT", "/apis/dsqlcdc.io/v1alpha1/namespaces/cdc/dsqlcdcpipelines/orders/status"))
        .isEqualTo(new ClusterRoleRules.Access("dsqlcdc.io", "dsqlcdcpipelines/status", "orders", "update"));
    assertThat(access("POST", "/api/v1/namespaces/cdc/events"))
        .isEqualTo(new ClusterRoleRules.Access("", "events", null, "create"));
    assertThat(access("DELETE", "/api/v1/namespaces/cdc/serviceaccounts/orders").verb()).isEqualTo("delete");
    assertThat(access("PATCH", "/api/v1/namespaces/cdc/configmaps/c").verb()).isEqualTo("patch");
    assertThat(access("GET", "/api/v1/namespaces/cdc").resource()).isEqualTo("namespaces");
  }

  @Test
  void theOperatorsClusterRoleRefusesWhatItDoesNotNeed() throws Exception {
    ClusterRoleRules role = ClusterRoleRules.load(ClusterRoleRules.CLUSTER_ROLE);
    assertThat(role.allowing(new RecordedRequest("GET", "/api/v1/namespaces/cdc/secrets/pg"))).isPresent();
    assertThat(role.allowing(new RecordedRequest("PUT", "/api/v1/namespaces/cdc/secrets/pg"))).isEmpty();
    assertThat(role.allowing(new RecordedRequest("DELETE", "/apis/apps/v1/namespaces/cdc/deployments/d"))).isEmpty();
    assertThat(role.allowing(new RecordedRequest("PATCH",
        "/apis/dsqlcdc.io/v1alpha1/namespaces/cdc/dsqlcdcpipelines/orders/status"))).isEmpty();
    assertThat(role.allowing(new RecordedRequest("PUT", "/apis/dsqlcdc.io/v1alpha1/namespaces/cdc/dsqlcdcpipelines/o")))
        .isEmpty();
  }
}
