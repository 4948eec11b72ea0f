package io.dsqlcdc.capture.source.dsql;

import io.dsqlcdc.api.spec.PoolSpec;
import io.dsqlcdc.api.spec.SourceAuth;
import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.api.spec.SourceTls;
import io.dsqlcdc.api.spec.SourceTlsMode;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** IAM-auth source specs against the test PostgreSQL, which acts out DSQL with the token as the role's password. */
final class IamSources {
  static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
      AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  static final String REGION = "us-east-1";

  private IamSources() {
  }

  /** verify-full against the given CA, a small pool that gives up on a connection after a second. */
  static SourceSpec spec(List<String> endpoints, String user, Path caFile) {
    return new SourceSpec(endpoints, REGION, null, "postgres", user, SourceAuth.iam(null),
        new SourceTls(SourceTlsMode.VERIFY_FULL, caFile.toString()), new PoolSpec(2, 0, "1s", "55m"));
  }
}
