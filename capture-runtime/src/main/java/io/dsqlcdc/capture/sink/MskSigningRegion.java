package io.dsqlcdc.capture.sink;

import io.dsqlcdc.api.spec.SinkSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The region an MSK IAM token is signed for: spec.sink.authentication.region, else the region in MSK broker names
 * ({@code b-1.<cluster>.<id>.c2.kafka.<region>.amazonaws.com}, serverless {@code ...kafka-serverless.<region>...}).
 * Empty when neither says: the AWS SDK's default region chain (AWS_REGION, profile, instance metadata) decides.
 */
public final class MskSigningRegion {
  private static final Pattern MSK_HOST =
      Pattern.compile("\\.kafka(?:-serverless)?\\.([a-z]{2}(?:-[a-z]+)+-[0-9]+)\\.amazonaws\\.com(?:\\.cn)?$");

  private MskSigningRegion() {
  }

  public static Optional<String> of(SinkSpec sink) {
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
}
