package io.dsqlcdc.capture.source.dsql;

import io.dsqlcdc.api.spec.Durations;
import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.api.spec.SourceTls;
import java.util.Properties;

/** How pgjdbc reaches an endpoint: URL, TLS and timeouts. The pools and the diagnosis use the same settings. */
public record JdbcSettings(String database, SourceTls tls, long connectTimeoutSeconds) {
  static final String JVM_TRUST_FACTORY = "org.postgresql.ssl.DefaultJavaSSLFactory";

  public static JdbcSettings of(SourceSpec source) {
    long seconds = Math.max(1, Durations.parse(source.pool().connectionTimeout()).toSeconds());
    return new JdbcSettings(source.database(), source.tls(), seconds);
  }

  public String url(Endpoint endpoint) {
    return "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + database;
  }

  /** Connection properties without credentials. */
  public Properties properties(Endpoint endpoint) {
    Properties p = new Properties();
    p.setProperty("sslmode", tls.mode().sslMode());
    switch (tls.mode()) {
      case VERIFY_FULL -> {
        if (tls.caFile() != null) {
          p.setProperty("sslrootcert", tls.caFile());
        } else {
          // The JVM's trust store holds the Amazon root CAs that DSQL's certificates chain to.
          p.setProperty("sslfactory", JVM_TRUST_FACTORY);
        }
      }
      case REQUIRE -> {
        if (tls.caFile() != null) {
          p.setProperty("sslrootcert", tls.caFile());
        }
      }
      case DISABLE -> {
      }
    }
    p.setProperty("connectTimeout", Long.toString(connectTimeoutSeconds));
    p.setProperty("loginTimeout", Long.toString(connectTimeoutSeconds));
    p.setProperty("tcpKeepAlive", "true");
    // Names the pool in pg_stat_activity, so a session shows which endpoint it was opened through.
    p.setProperty("ApplicationName", "dsql-cdc@" + endpoint.address());
    return p;
  }

  /** What the server's certificate is checked against, for messages. */
  public String trustDescription() {
    return switch (tls.mode()) {
      case VERIFY_FULL, REQUIRE -> tls.caFile() != null
          ? "the CA in spec.source.tls.caFile (" + tls.caFile() + ")"
          : "the JVM trust store (Amazon root CAs)";
      case DISABLE -> "nothing (tls.mode disable)";
    };
  }
}
