package io.dsqlcdc.capture.source.dsql;

import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.dsql.DefaultDsqlUtilities;
import software.amazon.awssdk.services.dsql.DsqlUtilities;
import software.amazon.awssdk.services.dsql.model.GenerateAuthTokenRequest;

/**
 * DSQL IAM auth tokens, made by the AWS SDK's own {@link DsqlUtilities} (a SigV4-presigned {@code DbConnect}, or
 * {@code DbConnectAdmin} for the built-in {@code admin} role). No signing code of our own.
 */
public final class DsqlTokenGenerator {
  /** DSQL's default; a token is checked only when a connection opens, so a short one costs nothing. */
  public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
  static final String ADMIN_ROLE = "admin";

  private final DsqlUtilities utilities;
  private final Clock clock;

  /**
   * The public builder always signs with the system clock; the SDK's constructor that takes a clock is the only
   * way to sign at a given instant, which the token tests need. Production passes the system clock.
   */
  public DsqlTokenGenerator(AwsCredentialsProvider credentials, Clock clock) {
    DefaultDsqlUtilities.DefaultBuilder builder = new DefaultDsqlUtilities.DefaultBuilder();
    builder.credentialsProvider(credentials);
    this.utilities = new DefaultDsqlUtilities(builder, clock);
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  /** A token for logging in as {@code user} to the endpoint, valid for {@link #TOKEN_LIFETIME}. */
  public String generate(Endpoint endpoint, String user) {
    GenerateAuthTokenRequest request = GenerateAuthTokenRequest.builder()
        .hostname(endpoint.host())
        .region(endpoint.region())
        .expiresIn(TOKEN_LIFETIME)
        .build();
    return ADMIN_ROLE.equals(user)
        ? utilities.generateDbConnectAdminAuthToken(request)
        : utilities.generateDbConnectAuthToken(request);
  }
}
