package io.dsqlcdc.capture.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.spec.ChangeStreamSpec;
import io.dsqlcdc.api.status.ConnectionReasons;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/** What a failed Kinesis call tells the user to do; kinesis-local has no IAM, so its denials are built here. */
class StreamChecksTest {
  static final ChangeStreamSpec STREAM = ChangeStreamSpec.of("arn:aws:kinesis:us-east-1:123456789012:stream/orders-cdc");

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void anAccessDeniedNamesTheIamActionOfTheDeniedCall(int check) {
    String action = StreamChecks.ACTIONS.get(check);
    KinesisException denied = (KinesisException) AccessDeniedException.builder()
        .message("User: arn:aws:sts::123456789012:assumed-role/cdc/pod is not authorized to perform: " + action)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build();

    CheckResult result = StreamChecks.failure(StreamChecks.checkName(check), check, STREAM, denied);

    assertThat(result.reason()).isEqualTo(ConnectionReasons.PERMISSION_DENIED);
    assertThat(result.fix()).startsWith("allow " + action + " on " + STREAM.kinesisStreamArn());
  }
}
