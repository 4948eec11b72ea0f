package io.dsqlcdc.capture.source;

import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.capture.config.ConfigException;
import io.dsqlcdc.capture.config.Secrets;

/** The single place that chooses how the runtime connects, from {@code spec.source.auth.type}. */
public final class SourceConnectionsFactory {
  private SourceConnectionsFactory() {
  }

  public static SourceConnections create(SourceSpec source, Secrets secrets) {
    return switch (source.auth().type()) {
      case PASSWORD -> new PasswordSourceConnections(source, secrets.value(source.auth().passwordSecret()));
      case IAM -> throw new ConfigException("spec.source.auth.type",
          "iam is not available in this build of the capture runtime; use auth.type password");
    };
  }
}
