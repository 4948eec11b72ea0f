package io.dsqlcdc.capture.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.dsqlstream.GetStreamClient;
import io.dsqlcdc.testsupport.dsql.FakeDsqlControlPlane;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DsqlStreamCheckTest {
  static final String DSQL = FakeDsqlControlPlane.streamArn("us-east-1");
  static final String KINESIS = "arn:aws:kinesis:us-east-1:123456789012:stream/orders-cdc";

  @RegisterExtension
  FakeDsqlControlPlane dsql = FakeDsqlControlPlane.create();
  GetStreamClient client;

  @BeforeEach
  void connect() {
    client = new GetStreamClient(DSQL, dsql.endpoint().toString(), dsql.credentials());
  }

  @Test
  void anActiveStreamPublishingIntoTheKinesisStreamPasses() {
    dsql.stream(DSQL, "ACTIVE", null, KINESIS);
    CheckResult result = DsqlStreamCheck.run(client, KINESIS);
    assertThat(result.failed()).isFalse();
    assertThat(result.detail()).contains("is ACTIVE").contains(KINESIS);
  }

  @Test
  void aFailedStreamFailsWithTheReasonStatusShowsAndTheResnapshot() {
    dsql.stream(DSQL, "FAILED", "ROLE_ACCESS_DENIED", KINESIS);
    CheckResult result = DsqlStreamCheck.run(client, KINESIS);
    assertThat(result.reason()).isEqualTo("ChangeStreamFailed");
    assertThat(result.fix()).contains("spec.snapshotRequest");
  }

  @Test
  void aDeniedGetStreamNamesTheActionToAllow() {
    dsql.answer(403, "AccessDeniedException", "{\"message\": \"not authorized\"}");
    CheckResult result = DsqlStreamCheck.run(client, KINESIS);
    assertThat(result.reason()).isEqualTo("PermissionDenied");
    assertThat(result.fix()).isEqualTo("the IAM policy must allow dsql:GetStream on " + DSQL + ".");
  }

  @Test
  void anUnreachableControlPlaneNamesTheEndpoint() {
    dsql.close();
    CheckResult result = DsqlStreamCheck.run(client, KINESIS);
    assertThat(result.reason()).isEqualTo("Unreachable");
    assertThat(result.fix()).contains("127.0.0.1:");
  }
}
