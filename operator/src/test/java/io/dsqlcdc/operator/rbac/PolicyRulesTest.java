package io.dsqlcdc.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.testsupport.kubernetes.RecordedRequest;
import org.junit.jupiter.api.Test;

class PolicyRulesTest {

  static PolicyRules.Access access(String verb, String path) {
    return PolicyRules.access(new RecordedRequest(verb, path));
  }

  @Test
  void mapsPathsAndMethodsToRbacVerbsAndResources() {
    assertThat(access("GET", "/apis/apps/v1/deployments?watch=true&resourceVersion=5"))
        .isEqualTo(new PolicyRules.Access("apps", null, "deployments", null, "watch", null));
    assertThat(access("GET", "/apis/apps/v1/namespaces/cdc/deployments?labelSelector=x"))
        .isEqualTo(new PolicyRules.Access("apps", "cdc", "deployments", null, "list", null));
    assertThat(access("GET", "/api/v1/namespaces/cdc/secrets/pg"))
        .isEqualTo(new PolicyRules.Access("", "cdc", "secrets", "pg", "get", null));
    assertThat(access("PUT", "/apis/dsqlcdc.io/v1alpha1/namespaces/cdc/dsqlcdcpipelines/orders/status"))
        .isEqualTo(new PolicyRules.Access("dsqlcdc.io", "cdc", "dsqlcdcpipelines/status", "orders", "update", null));
    assertThat(access("POST", "/api/v1/namespaces/cdc/events"))
        .isEqualTo(new PolicyRules.Access("", "cdc", "events", null, "create", null));
    assertThat(access("DELETE", "/api/v1/namespaces/cdc/serviceaccounts/orders").verb()).isEqualTo("delete");
    assertThat(access("PATCH", "/api/v1/namespaces/cdc/configmaps/c").verb()).isEqualTo("patch");
    assertThat(access("GET", "/api/v1/namespaces/cdc").resource()).isEqualTo("namespaces");
    assertThat(access("GET", "/api/v1/namespaces/cdc").namespace()).isEqualTo("cdc");
  }

  @Test
  void mapsNonResourcePathsToTheirPathAndLowerCaseMethod() {
    assertThat(access("GET", "/version")).isEqualTo(new PolicyRules.Access(null, null, null, null, "get", "/version"));
    assertThat(access("GET", "/apis").nonResourcePath()).isEqualTo("/apis");
  }

  @Test
  void theOperatorsClusterRoleRefusesWhatItDoesNotNeed() throws Exception {
    PolicyRules role = PolicyRules.load(PolicyRules.CLUSTER_ROLE);
    assertThat(role.allowing(new RecordedRequest("GET", "/api/v1/namespaces/cdc/secrets/pg"))).isPresent();
    assertThat(role.allowing(new RecordedRequest("PUT", "/api/v1/namespaces/cdc/secrets/pg"))).isEmpty();
    assertThat(role.allowing(new RecordedRequest("DELETE", "/apis/apps/v1/namespaces/cdc/deployments/d"))).isEmpty();
    assertThat(role.allowing(new RecordedRequest("PATCH",
        "/apis/dsqlcdc.io/v1alpha1/namespaces/cdc/dsqlcdcpipelines/orders/status"))).isEmpty();
    assertThat(role.allowing(new RecordedRequest("PUT", "/apis/dsqlcdc.io/v1alpha1/namespaces/cdc/dsqlcdcpipelines/o")))
        .isEmpty();
  }
}
