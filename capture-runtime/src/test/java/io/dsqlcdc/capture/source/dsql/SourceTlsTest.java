package io.dsqlcdc.capture.source.dsql;

import io.dsqlcdc.api.status.ConnectionReasons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import io.dsqlcdc.testsupport.tls.CertificateAuthority;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SourceTlsTest {
  @RegisterExtension
  static final PostgresExtension PG = PostgresExtension.shared();
  static final String ROLE = "dsql_tls_login";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T06:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  @BeforeEach
  void createRole() {
    PG.execute("DROP ROLE IF EXISTS " + ROLE, "CREATE ROLE " + ROLE + " LOGIN");
  }

  @Test
  void verifyFullAgainstTheServersCaConnects() throws Exception {
    SourceSpec spec = spec(PG.caCertificateFile());
    PG.setPassword(ROLE, new DsqlTokenGenerator(IamSources.CREDENTIALS, CLOCK).generate(Endpoint.of(spec).get(0), ROLE));

    try (DsqlSourceConnections connections = open(spec)) {
      assertThat(IamLoginTest.query(connections.dataSource(), "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
          .isEqualTo("true");
    }
  }

  @Test
  void aWrongCaFailsWithATlsHandshakeReasonNamingTheCaFile() {
    Path otherCa = CertificateAuthority.generate("some other CA").writeCertificate(dir.resolve("other.crt"));
    SourceSpec spec = spec(otherCa);

    try (DsqlSourceConnections connections = open(spec)) {
      assertThatThrownBy(() -> connections.dataSource().getConnection()).isInstanceOf(SQLException.class);

      ConnectionStatus status = connections.status();
      assertThat(status.connected()).isFalse();
      assertThat(status.reason()).isEqualTo(ConnectionReasons.TLS_HANDSHAKE_FAILED);
      assertThat(status.message()).contains("spec.source.tls.caFile").contains(otherCa.toString())
          .contains(Endpoint.of(spec).get(0).address());
    }
  }

  private static SourceSpec spec(Path caFile) {
    return IamSources.spec(List.of(PG.host() + ":" + PG.port()), ROLE, caFile);
  }

  private static DsqlSourceConnections open(SourceSpec spec) {
    return DsqlSourceConnections.iam(spec, IamSources.CREDENTIALS, CLOCK, DsqlSourceConnections.Failover.defaults());
  }
}
