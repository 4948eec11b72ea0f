package io.dsqlcdc.testsupport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FaultProxyPostgresTest {
  @RegisterExtension
  static final PostgresExtension pg = PostgresExtension.shared();

  private FaultProxy proxy;

  @BeforeEach
  void startProxy() {
    proxy = FaultProxy.start("localhost", pg.port());
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  /** verify-full through the proxy: the server certificate also names 127.0.0.1. */
  private Connection connectThroughProxy() throws SQLException {
    String url = pg.jdbcUrl("verify-full").replace("//localhost:" + pg.port(), "//" + proxy.host() + ":" + proxy.port());
    return DriverManager.getConnection(url, pg.captureUser(), pg.capturePassword());
  }

  private static int selectOne(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void cutBreaksLiveDatabaseConnection() throws SQLException {
    try (Connection connection = connectThroughProxy()) {
      selectOne(connection);

      proxy.cut();

      assertThatThrownBy(() -> selectOne(connection)).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void refusedThenResumedDatabaseAcceptsNewConnections() throws SQLException {
    proxy.refuse();
    assertThatThrownBy(() -> connectThroughProxy().close()).isInstanceOf(SQLException.class);

    proxy.resume();

    try (Connection connection = connectThroughProxy()) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
  }
}
