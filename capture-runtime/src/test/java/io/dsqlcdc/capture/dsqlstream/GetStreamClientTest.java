package io.dsqlcdc.capture.dsqlstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsqlcdc.testsupport.dsql.FakeDsqlControlPlane;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GetStreamClientTest {
  static final String DSQL = DsqlStreamVerdictTest.DSQL;
  static final String KINESIS = DsqlStreamVerdictTest.KINESIS;

  @RegisterExtension
  FakeDsqlControlPlane dsql = FakeDsqlControlPlane.create();
  GetStreamClient client;

  @BeforeEach
  void connect() {
    client = new GetStreamClient(DSQL, dsql.endpoint().toString(), dsql.credentials());
  }

  @Test
  void theRegionsPublicControlPlaneIsTheDefaultEndpoint() {
    GetStreamClient publicEndpoint = new GetStreamClient(DSQL, null, dsql.credentials());
    assertThat(publicEndpoint.uri()).hasToString("https://dsql.us-east-1.api.aws/stream/vftmkydwxvxys6asbsc6ih2the/"
        + "abcdefghijklmnopqrstuvwxyz");
  }

  @Test
  void getStreamIsASigV4SignedGetOfTheStreamsPathForServiceDsql() throws Exception {
    dsql.stream(DSQL, "ACTIVE", null, KINESIS);
    client.get();
    assertThat(dsql.requests()).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.path()).isEqualTo("/stream/vftmkydwxvxys6asbsc6ih2the/abcdefghijklmnopqrstuvwxyz");
      assertThat(r.signedForDsql()).as(r.authorization()).isTrue();
      assertThat(r.authorization()).contains("Credential=AKIDEXAMPLE/").contains("/us-east-1/dsql/aws4_request")
          .doesNotContain(FakeDsqlControlPlane.SECRET_ACCESS_KEY);
    });
  }

  @Test
  void theAnswerIsReadIntoStatusErrorAndTarget() throws Exception {
    dsql.stream(DSQL, "IMPAIRED", "KINESIS_THROUGHPUT_EXCEEDED", KINESIS);
    assertThat(client.get()).isEqualTo(new DsqlStreamState(DSQL, "IMPAIRED", "KINESIS_THROUGHPUT_EXCEEDED", KINESIS,
        "arn:aws:iam::123456789012:role/dsql-stream"));
  }

  @Test
  void anErrorAnswerCarriesItsStatusAndType() {
    dsql.answer(403, "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/",
        "{\"message\": \"not authorized to perform dsql:GetStream\"}");
    assertThatThrownBy(client::get).isInstanceOfSatisfying(GetStreamException.class, e -> {
      assertThat(e.httpStatus()).isEqualTo(403);
      assertThat(e.errorType()).isEqualTo("AccessDeniedException");
      assertThat(e.accessDenied()).isTrue();
      assertThat(e.getMessage()).contains("not authorized to perform dsql:GetStream");
    });
  }
}
