package io.dsqlcdc.capture.diagnose;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/** STS GetCallerIdentity in the endpoint's region (AWS_ENDPOINT_URL_STS is honoured by the SDK itself). */
public final class StsCallerIdentity implements SourceChecks.CallerIdentity {
  private final URI endpointOverride;

  /** {@code endpointOverride}: null for the SDK's own resolution. */
  public StsCallerIdentity(URI endpointOverride) {
    this.endpointOverride = endpointOverride;
  }

  @Override
  public String arn(AwsCredentialsProvider credentials, Region region) {
    StsClientBuilder builder = StsClient.builder().credentialsProvider(credentials).region(region)
        .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(15)));
    if (endpointOverride != null) {
      builder.endpointOverride(endpointOverride);
    }
    try (StsClient sts = builder.build()) {
      return sts.getCallerIdentity().arn();
    }
  }
}
