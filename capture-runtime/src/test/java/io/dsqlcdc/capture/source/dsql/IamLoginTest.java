package io.dsqlcdc.capture.source.dsql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.capture.source.SourceRetry;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The IAM token path end to end: the role's password is the token of the moment, as DSQL checks it. */
class IamLoginTest {
  @RegisterExtension
  static final PostgresExtension PG = PostgresExtension.shared();
  static final String ROLE = "dsql_iam_login";

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T06:00:00Z"));
  final DsqlTokenGenerator generator = new DsqlTokenGenerator(IamSources.CREDENTIALS, clock);
  final SourceRetry retry = new SourceRetry(10, Duration.ofMillis(50), Duration.ofMillis(500),
      SourceRetry.SLEEP);
  SourceSpec spec;
  Endpoint endpoint;
  DsqlSourceConnections connections;

  @BeforeEach
  void createRole() {
    PG.execute("DROP ROLE IF EXISTS " + ROLE, "CREATE ROLE " + ROLE + " LOGIN");
    spec = IamSources.spec(List.of(PG.host() + ":" + PG.port()), ROLE, PG.caCertificateFile());
    endpoint = Endpoint.of(spec).get(0);
    PG.setPassword(ROLE, generator.generate(endpoint, ROLE));
    connections = DsqlSourceConnections.iam(spec, IamSources.CREDENTIALS, clock, DsqlSourceConnections.Failover.defaults());
  }

  @AfterEach
  void close() {
    connections.close();
    PG.terminateBackends(ROLE);
  }

  @Test
  void thePoolLogsInWithTheTokenOfTheMoment() throws Exception {
    assertThat(query(connections.dataSource(), "SELECT current_user")).isEqualTo(ROLE);
    assertThat(connections.status().connected()).isTrue();
    assertThat(connections.status().endpoint()).isEqualTo(endpoint.address());
  }

  @Test
  void connectionsComeReadOnlyWithoutAutoCommitInRepeatableRead() throws Exception {
    try (Connection c = connections.dataSource().getConnection()) {
      assertThat(c.getAutoCommit()).isFalse();
      assertThat(c.isReadOnly()).isTrue();
      assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
    }
  }

  @Test
  void newConnectionsSucceedAfterTheTokenIsRotated() throws Exception {
    String oldToken = generator.generate(endpoint, ROLE);
    query(connections.dataSource(), "SELECT 1");

    clock.advance(DsqlTokenGenerator.TOKEN_LIFETIME.minus(AuthTokens.RENEW_BEFORE));
    PG.setPassword(ROLE, generator.generate(endpoint, ROLE));
    PG.terminateBackends(ROLE);

    assertThat(retry.call(() -> query(connections.dataSource(), "SELECT current_user"))).isEqualTo(ROLE);
    assertThatThrownBy(() -> login(oldToken)).isInstanceOf(SQLException.class).hasMessageContaining("password");
  }

  @Test
  void everyReadAfterABackendTerminationSucceedsOnAFreshConnection() throws Exception {
    Set<String> backends = new HashSet<>();
    for (int round = 0; round < 5; round++) {
      String pid = retry.call(() -> query(connections.dataSource(), "SELECT pg_backend_pid()::text"));
      assertThat(backends.add(pid)).as("backend %s is new", pid).isTrue();
      assertThat(PG.terminateBackends(ROLE)).isPositive();
    }
  }

  private void login(String password) throws SQLException {
    Properties props = JdbcSettings.of(spec).properties(endpoint);
    props.setProperty("user", ROLE);
    props.setProperty("password", password);
    DriverManager.getConnection(JdbcSettings.of(spec).url(endpoint), props).close();
  }

  static String query(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
