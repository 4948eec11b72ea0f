package io.dsqlcdc.capture.source.dsql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class AuthTokensTest {
  static final Endpoint PRIMARY = new Endpoint("a1.dsql-x.us-east-1.on.aws", 5432, Region.US_EAST_1);
  static final Endpoint PEER = new Endpoint("b2.dsql-y.us-east-2.on.aws", 5432, Region.US_EAST_2);

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T06:00:00Z"));
  final DsqlTokenGenerator generator = new DsqlTokenGenerator(
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "secret")), clock);
  final AuthTokens tokens = new AuthTokens(generator, "dsql_iam_user");

  @Test
  void aTokenIsReusedWhileItHasMinutesToSpare() {
    String first = tokens.tokenFor(PRIMARY);
    clock.advance(Duration.ofMinutes(9));

    assertThat(tokens.tokenFor(PRIMARY)).isEqualTo(first);
  }

  @Test
  void aTokenIsRenewedWellBeforeItExpires() {
    String first = tokens.tokenFor(PRIMARY);
    clock.advance(DsqlTokenGenerator.TOKEN_LIFETIME.minus(AuthTokens.RENEW_BEFORE));

    String renewed = tokens.tokenFor(PRIMARY);
    assertThat(renewed).isNotEqualTo(first).isEqualTo(generator.generate(PRIMARY, "dsql_iam_user"));
  }

  @Test
  void eachEndpointHasItsOwnToken() {
    assertThat(tokens.tokenFor(PRIMARY)).startsWith(PRIMARY.host() + "/?");
    assertThat(tokens.tokenFor(PEER)).startsWith(PEER.host() + "/?");
  }
}
