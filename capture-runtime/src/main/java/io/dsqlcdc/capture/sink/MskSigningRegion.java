package io.dsqlcdc.capture.sink;

import io.dsqlcdc.api.spec.SinkSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The region an MSK IAM token is signed for: spec.sink.authentication.region, else the region in MSK broker names
 * ({@code b-1.<cluster>.<id>.c2.kafka.<region>.amazonaws.com}, serverless {@code ...kafka-serverless.<region>...}),
 * else the pod's (the AWS SDK's default region chain: AWS_REGION, profile, instance metadata).
 */
public final class MskSigningRegion {
  private static final Pattern MSK_HOST =
      Pattern.compile("\\.kafka(?:-serverless)?\\.([a-z]{2}(?:-[a-z]+)+-[0-9]+)\\.amazonaws\\.com(?:\\.cn)?$");

  private MskSigningRegion() {
  }

  /** The region the spec gives, in its own field or in its broker names. */
  public static Optional<String> ofSpec(SinkSpec sink) {
    if (sink.authentication().region() != null) {
      return Optional.of(sink.authentication().region());
    }
    return Arrays.stream(sink.bootstrapServers().split(","))
        .map(server -> server.substring(0, server.lastIndexOf(':')).toLowerCase(Locale.ROOT))
        .map(MSK_HOST::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .findFirst();
  }

  /** The spec's region, else the pod's; {@link MissingRegionException} when neither says. */
  public static String resolve(SinkSpec sink) {
    return ofSpec(sink).orElseGet(() -> {
      try {
        return new DefaultAwsRegionProviderChain().getRegion().id();
      } catch (SdkClientException e) {
        throw new MissingRegionException();
      }
    });
  }
}
