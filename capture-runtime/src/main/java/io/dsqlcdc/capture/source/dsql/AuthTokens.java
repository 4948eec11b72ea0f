package io.dsqlcdc.capture.source.dsql;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current IAM token per endpoint. A token is reused until {@link #RENEW_BEFORE} before it expires, then
 * replaced, so a new connection always gets one with minutes to spare (and clock skew cannot turn it stale).
 */
public final class AuthTokens {
  static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

  private record Token(String value, Instant renewAt) {
  }

  private final DsqlTokenGenerator generator;
  private final String user;
  private final Map<Endpoint, Token> tokens = new ConcurrentHashMap<>();

  public AuthTokens(DsqlTokenGenerator generator, String user) {
    this.generator = generator;
    this.user = user;
  }

  public String user() {
    return user;
  }

  public String tokenFor(Endpoint endpoint) {
    Instant now = generator.clock().instant();
    return tokens.compute(endpoint, (e, current) -> current != null && now.isBefore(current.renewAt())
        ? current
        : new Token(generator.generate(e, user), now.plus(DsqlTokenGenerator.TOKEN_LIFETIME).minus(RENEW_BEFORE)))
        .value();
  }
}
