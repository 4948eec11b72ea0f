package io.dsqlcdc.capture.source.dsql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.capture.source.SourceRetry;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import io.dsqlcdc.testsupport.proxy.FaultProxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two endpoints, each through its own fault proxy, to one database: the peers of a multi-region cluster. */
class FailoverTest {
  @RegisterExtension
  static final PostgresExtension PG = PostgresExtension.shared();
  static final String ROLE = "dsql_failover_login";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T06:00:00Z"), ZoneOffset.UTC);

  final SourceRetry retry = new SourceRetry(20, Duration.ofMillis(50), Duration.ofMillis(500),
      SourceRetry.SLEEP);
  FaultProxy primary;
  FaultProxy peer;
  DsqlSourceConnections connections;

  @BeforeEach
  void start() {
    primary = FaultProxy.start(PG.host(), PG.port());
    peer = FaultProxy.start(PG.host(), PG.port());
    SourceSpec spec = IamSources.spec(List.of(address(primary), address(peer)), ROLE, PG.caCertificateFile());
    PG.execute("DROP ROLE IF EXISTS " + ROLE, "CREATE ROLE " + ROLE + " LOGIN");
    // Both proxies listen on one host, so one token (signed for that host) serves both.
    PG.setPassword(ROLE, new DsqlTokenGenerator(IamSources.CREDENTIALS, CLOCK).generate(Endpoint.of(spec).get(0), ROLE));
    // Fail back as soon as the primary answers a probe; waiting for a healthy period is the router's unit test.
    connections = DsqlSourceConnections.iam(spec, IamSources.CREDENTIALS, CLOCK,
        new DsqlSourceConnections.Failover(Duration.ofMillis(100), Duration.ZERO));
  }

  @AfterEach
  void stop() {
    connections.close();
    primary.close();
    peer.close();
    PG.terminateBackends(ROLE);
  }

  @Test
  void cuttingThePrimaryMovesConnectionsToThePeer() throws Exception {
    assertThat(servedBy()).isEqualTo(address(primary));

    primary.refuse();
    primary.cut();

    assertThat(servedBy()).isEqualTo(address(peer));
    assertThat(connections.status().endpoint()).isEqualTo(address(peer));
    assertThat(connections.status().connected()).isTrue();
  }

  @Test
  void restoringThePrimaryMovesConnectionsBack() throws Exception {
    primary.refuse();
    primary.cut();
    assertThat(servedBy()).isEqualTo(address(peer));

    primary.resume();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(servedBy()).isEqualTo(address(primary)));
    assertThat(connections.status().endpoint()).isEqualTo(address(primary));
  }

  /** The endpoint whose pool opened the session that answers: the pools name it in application_name. */
  private String servedBy() throws Exception {
    return retry.call(() -> IamLoginTest.query(connections.dataSource(), "SELECT current_setting('application_name')"))
        .substring("dsql-cdc@".length());
  }

  private static String address(FaultProxy proxy) {
    return proxy.host() + ":" + proxy.port();
  }
}
