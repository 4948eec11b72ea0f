package io.dsqlcdc.capture.source;

import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.capture.config.Secrets;
import io.dsqlcdc.capture.source.dsql.DsqlSourceConnections;

/** The single place that chooses how the runtime connects, from {@code spec.source.auth.type}. */
public final class SourceConnectionsFactory {
  private SourceConnectionsFactory() {
  }

  public static SourceConnections create(SourceSpec source, Secrets secrets) {
    return switch (source.auth().type()) {
      case PASSWORD -> source.endpoints().size() > 1
          ? DsqlSourceConnections.password(source, secrets.value(source.auth().passwordSecret()))
          : new PasswordSourceConnections(source, secrets.value(source.auth().passwordSecret()));
      case IAM -> DsqlSourceConnections.iam(source);
    };
  }
}
