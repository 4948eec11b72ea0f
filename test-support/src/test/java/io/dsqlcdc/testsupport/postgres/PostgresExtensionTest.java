package io.dsqlcdc.testsupport.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsqlcdc.testsupport.tls.CertificateAuthority;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PostgresExtensionTest {
  @RegisterExtension
  static final PostgresExtension pg = PostgresExtension.builder().serverSetting("wal_level", "logical").build();

  private Connection connectAsCapture(String url) throws SQLException {
    return DriverManager.getConnection(url, pg.captureUser(), pg.capturePassword());
  }

  private static long selectOne(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void verifyFullWithGeneratedCaConnectsOverTls() throws SQLException {
    try (Connection connection = connectAsCapture(pg.jdbcUrl("verify-full"))) {
      assertThat(selectOne(connection, "SELECT count(*) FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl"))
          .isEqualTo(1);
    }
  }

  @Test
  void builderServerSettingsApply() throws SQLException {
    try (Connection connection = pg.superuserDataSource().getConnection();
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SHOW wal_level")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo("logical");
    }
  }

  @Test
  void plainTextConnectionIsRefused() {
    assertThatThrownBy(() -> connectAsCapture(pg.jdbcUrl("disable")).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no encryption");
  }

  @Test
  void verifyFullFailsWithAnotherCa(@TempDir Path dir) {
    Path otherCa = CertificateAuthority.generate("some other CA").writeCertificate(dir.resolve("other.crt"));
    String url = pg.jdbcUrl("verify-full").replace(pg.caCertificateFile().toString(), otherCa.toString());

    assertThatThrownBy(() -> connectAsCapture(url).close()).isInstanceOf(SQLException.class);
  }

  @Test
  void wrongPasswordIsRejected() {
    assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("verify-full"), pg.captureUser(), "wrong").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void captureRoleIsNotSuperuserButReadsTables() throws SQLException {
    pg.execute("CREATE TABLE readable (id int PRIMARY KEY)", "INSERT INTO readable VALUES (1)");
    try (Connection connection = pg.captureDataSource().getConnection()) {
      assertThat(selectOne(connection, "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND rolsuper"))
          .isZero();
      assertThat(selectOne(connection, "SELECT count(*) FROM readable")).isEqualTo(1);
    }
  }

  @Test
  void heldTransactionRowIsInvisibleUntilCommit() {
    pg.execute("CREATE TABLE late (id int PRIMARY KEY)");
    try (HeldTransaction transaction = pg.holdTransaction()) {
      transaction.execute("INSERT INTO late VALUES (1)");
      assertThat(pg.queryForLong("SELECT count(*) FROM late")).isZero();

      transaction.commit();
    }
    assertThat(pg.queryForLong("SELECT count(*) FROM late")).isEqualTo(1);
  }

  @Test
  void terminateBackendsKillsCaptureConnections() throws SQLException {
    try (Connection connection = pg.captureDataSource().getConnection()) {
      assertThat(pg.terminateBackends(pg.captureUser())).isEqualTo(1);

      assertThatThrownBy(() -> selectOne(connection, "SELECT 1")).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void captureDataSourceFollowsCapturePasswordChange() throws SQLException {
    String original = pg.capturePassword();
    try {
      pg.setPassword(pg.captureUser(), "rotated-secret");

      assertThat(pg.capturePassword()).isEqualTo("rotated-secret");
      try (Connection connection = pg.captureDataSource().getConnection()) {
        assertThat(selectOne(connection, "SELECT 1")).isEqualTo(1);
      }
      assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("verify-full"), pg.captureUser(), original).close())
          .isInstanceOf(SQLException.class);
    } finally {
      pg.setPassword(pg.captureUser(), original);
    }
  }

  @Test
  void setPasswordChangesCredentials() throws SQLException {
    pg.execute("CREATE ROLE rotated LOGIN PASSWORD 'old'");

    pg.setPassword("rotated", "new");

    try (Connection connection = DriverManager.getConnection(pg.jdbcUrl("verify-full"), "rotated", "new")) {
      assertThat(selectOne(connection, "SELECT 1")).isEqualTo(1);
    }
    assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("verify-full"), "rotated", "old").close())
        .isInstanceOf(SQLException.class);
  }
}
