package io.dsqlcdc.capture.source.dsql;

import com.zaxxer.hikari.util.Credentials;

/** The user and password for a new connection to one endpoint; asked once per connection. */
@FunctionalInterface
public interface EndpointCredentials {
  Credentials forEndpoint(Endpoint endpoint);

  /** IAM auth: the password is the endpoint's current token. */
  static EndpointCredentials iam(AuthTokens tokens) {
    return endpoint -> Credentials.of(tokens.user(), tokens.tokenFor(endpoint));
  }

  /** A fixed password on every endpoint (PostgreSQL peers). */
  static EndpointCredentials password(String user, String password) {
    return endpoint -> Credentials.of(user, password);
  }
}
