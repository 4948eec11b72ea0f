package io.dsqlcdc.operator.reconciler;

import static io.dsqlcdc.operator.TestPipelines.pipeline;
import static io.dsqlcdc.operator.TestPipelines.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.RuntimeSpec;
import io.dsqlcdc.api.spec.SourceAuth;
import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.operator.TestPipelines;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import org.junit.jupiter.api.Test;

class DesiredServiceAccountTest {

  @Test
  void carriesTheIrsaRoleAnnotationWhenARoleArnIsSet() {
    ServiceAccount sa = DesiredServiceAccount.of(pipeline("orders")).orElseThrow();
    assertThat(sa.getMetadata().getName()).isEqualTo("orders");
    assertThat(sa.getMetadata().getAnnotations()).containsEntry("eks.amazonaws.com/role-arn", TestPipelines.ROLE_ARN);
    assertThat(sa.getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void hasNoAnnotationWithoutARoleArn() {
    SourceSpec s = spec().source();
    DsqlCdcPipeline p = pipeline("orders", TestPipelines.withSource(spec(), new SourceSpec(s.endpoints(), s.region(),
        s.port(), s.database(), s.user(), SourceAuth.iam(null), s.tls(), s.pool())));
    assertThat(DesiredServiceAccount.of(p).orElseThrow().getMetadata().getAnnotations()).isNull();
  }

  @Test
  void isNotCreatedWhenTheSpecNamesItsOwnAccount() {
    DsqlCdcPipelineSpec s = spec();
    DsqlCdcPipeline p = pipeline("orders", new DsqlCdcPipelineSpec(s.state(), s.source(), s.tables(), s.capture(),
        s.sink(), new RuntimeSpec(null, null, "bring-your-own", null, null, null), null, null));
    assertThat(DesiredServiceAccount.of(p)).isEmpty();
    assertThat(DesiredServiceAccount.accountName(p)).isEqualTo("bring-your-own");
    assertThat(DesiredDeploymentTest.build(p).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("bring-your-own");
  }
}
