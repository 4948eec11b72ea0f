package io.dsqlcdc.capture.diagnose;

import io.dsqlcdc.api.status.ConnectionReasons;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Whether the pod's AWS credentials resolve, for a service that signs its requests with them itself (MSK IAM, Kinesis):
 * where they were found, or what gives the pod an identity.
 */
final class AwsCredentialsCheck {
  private AwsCredentialsCheck() {
  }

  /** @param policy what the IAM policy of the credentials must allow, appended to a pass */
  static CheckResult run(String name, AwsCredentialsProvider credentials, Function<String, String> env, String policy) {
    try {
      return CheckResult.pass(name, "found in " + CredentialsSource.of(credentials.resolveCredentials(), env) + "; "
          + policy);
    } catch (SdkException e) {
      return CheckResult.fail(name, ConnectionReasons.CREDENTIALS_NOT_FOUND, SourceChecks.firstLine(e),
          "give the runtime's pod an IAM role: spec.source.auth.roleArn (IRSA; the operator annotates the "
              + "ServiceAccount) or an EKS Pod Identity association for its ServiceAccount; outside Kubernetes set "
              + "AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");
    }
  }
}
