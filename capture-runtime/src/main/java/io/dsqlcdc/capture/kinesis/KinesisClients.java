package io.dsqlcdc.capture.kinesis;

import io.dsqlcdc.api.spec.ChangeStreamSpec;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * The Kinesis client of a change stream: the stream's region, the spec's endpoint override (a VPC endpoint, or a
 * local emulator in tests), and the pod's AWS identity through the SDK's default credentials chain (IRSA, EKS Pod
 * Identity, environment, profile), the same chain DSQL IAM auth uses. A spec has no field for static keys.
 */
public final class KinesisClients {
  /** A GetRecords call returns at most 10 MiB; this bounds one call including the SDK's own retries. */
  static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);

  private KinesisClients() {
  }

  /** A client with the default credentials chain. */
  public static KinesisClient create(ChangeStreamSpec stream) {
    return create(stream, DefaultCredentialsProvider.builder().build());
  }

  /** A client with the given credentials (tests pass an emulator's). */
  public static KinesisClient create(ChangeStreamSpec stream, AwsCredentialsProvider credentials) {
    if (stream.region() == null) {
      throw new IllegalArgumentException("no region for the Kinesis stream '" + stream.kinesisStreamArn()
          + "': set spec.source.changeStream.region");
    }
    KinesisClientBuilder builder = KinesisClient.builder()
        .region(Region.of(stream.region()))
        .credentialsProvider(credentials)
        .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT));
    if (stream.endpoint() != null) {
      builder.endpointOverride(URI.create(stream.endpoint()));
    }
    return builder.build();
  }
}
