package io.dsqlcdc.testsupport.postgres;

import io.dsqlcdc.testsupport.Fixture;
import io.dsqlcdc.testsupport.tls.CertificateAuthority;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server standing in for Aurora DSQL where it matters to the capture: TLS only (a CA and a server
 * certificate for {@code localhost}/{@code 127.0.0.1} generated at run time, so {@code sslmode=verify-full} works and
 * plain-text connections are refused), scram-sha-256 password authentication, a capture role that is not a
 * superuser (it may read every table: {@code pg_read_all_data}), plus levers to act out DSQL's behaviour: late
 * commits ({@link #holdTransaction()}), the connection time limit ({@link #terminateBackends(String)}) and
 * rotated credentials ({@link #setPassword(String, String)}).
 *
 * <p>Register with {@code @RegisterExtension static PostgresExtension pg = PostgresExtension.perClass();}, or
 * {@link #shared()} for one server per JVM. The server, its data directory and certificates are removed when the
 * class (or the JVM's test run) ends, also after failures.
 */
public final class PostgresExtension extends Fixture {
  private static final PostgresExtension SHARED = new PostgresExtension(Map.of(), true);
  private static final String HOST = "localhost";
  private static final String DATABASE = "postgres";
  private static final String SUPERUSER = "postgres";
  private static final String CAPTURE_USER = "capture";

  private final Map<String, String> serverSettings;
  private final String superuserPassword = UUID.randomUUID().toString();
  private volatile String capturePassword = UUID.randomUUID().toString();
  private Path workDir;
  private Path caFile;
  private EmbeddedPostgres postgres;

  private PostgresExtension(Map<String, String> serverSettings, boolean sharedPerJvm) {
    super(sharedPerJvm);
    this.serverSettings = Map.copyOf(serverSettings);
  }

  /** A server per test class (static field) or per test (instance field), default settings. */
  public static PostgresExtension perClass() {
    return builder().build();
  }

  /** The one server with default settings shared by every test class of the JVM; tests must not step on each other. */
  public static PostgresExtension shared() {
    return SHARED;
  }

  /** For extra server settings, e.g. {@code wal_level=logical} for Debezium. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options of a {@link PostgresExtension}. */
  public static final class Builder {
    private final Map<String, String> serverSettings = new LinkedHashMap<>();

    private Builder() {
    }

    /** A {@code postgresql.conf} setting, e.g. {@code serverSetting("max_replication_slots", "4")}. */
    public Builder serverSetting(String name, String value) {
      serverSettings.put(name, value);
      return this;
    }

    /** A server per test class (static field) or per test (instance field). */
    public PostgresExtension build() {
      return new PostgresExtension(serverSettings, false);
    }
  }

  @Override
  protected void startFixture() throws IOException, SQLException {
    workDir = Files.createTempDirectory("dsqlcdc-pg-");
    Path tls = Files.createDirectory(workDir.resolve("tls"));
    CertificateAuthority ca = CertificateAuthority.generate("dsqlcdc test CA");
    caFile = ca.writeCertificate(tls.resolve("root.crt"));
    CertificateAuthority.IssuedCertificate server = ca.issueServerCertificate(HOST, "127.0.0.1", "::1");
    Path certFile = server.writeCertificate(tls.resolve("server.crt"));
    Path keyFile = server.writePrivateKey(tls.resolve("server.key"));

    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(workDir.resolve("data"))
        .setCleanDataDirectory(true)
        .setServerConfig("ssl", "on")
        .setServerConfig("ssl_cert_file", certFile.toString())
        .setServerConfig("ssl_key_file", keyFile.toString())
        .setServerConfig("ssl_ca_file", caFile.toString())
        .setServerConfig("password_encryption", "scram-sha-256");
    serverSettings.forEach(builder::setServerConfig);
    postgres = builder.start();
    secure(postgres.getPostgresDatabase());
  }

  /** Creates the roles while initdb's trust rule still holds, then allows only TLS with passwords. */
  private void secure(DataSource trusted) throws SQLException, IOException {
    try (Connection connection = trusted.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD " + literal(superuserPassword));
      statement.execute("CREATE ROLE " + CAPTURE_USER + " LOGIN PASSWORD " + literal(capturePassword));
      statement.execute("GRANT pg_read_all_data TO " + CAPTURE_USER);
      Files.writeString(workDir.resolve("data").resolve("pg_hba.conf"), String.join("\n",
          "# TYPE    DATABASE USER ADDRESS      METHOD",
          "local     all      all               scram-sha-256",
          "hostssl   all      all  127.0.0.1/32 scram-sha-256",
          "hostssl   all      all  ::1/128      scram-sha-256",
          "hostnossl all      all  0.0.0.0/0    reject",
          "hostnossl all      all  ::/0         reject",
          ""));
      statement.execute("SELECT pg_reload_conf()");
    }
  }

  @Override
  protected void stopFixture() {
    try {
      if (postgres != null) {
        postgres.close();
        postgres = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteRecursively(workDir);
      workDir = null;
    }
  }

  /** The host name the server certificate is valid for ({@code localhost}). */
  public String host() {
    return HOST;
  }

  /** The server's TCP port, chosen at run time. */
  public int port() {
    requireRunning();
    return postgres.getPort();
  }

  /** The database name ({@code postgres}). */
  public String database() {
    return DATABASE;
  }

  /** The non-superuser role the code under test connects as. */
  public String captureUser() {
    return CAPTURE_USER;
  }

  /** The capture role's current password (follows {@link #setPassword(String, String)}). */
  public String capturePassword() {
    return capturePassword;
  }

  /** The CA certificate (PEM) that signed the server certificate: the {@code sslrootcert} for verify-full. */
  public Path caCertificateFile() {
    requireRunning();
    return caFile;
  }

  /**
   * A JDBC URL for the given {@code sslmode} (disable, require, verify-ca, verify-full); TLS modes carry
   * {@code sslrootcert} pointing at {@link #caCertificateFile()}. No credentials in it.
   */
  public String jdbcUrl(String sslmode) {
    String url = "jdbc:postgresql://" + host() + ":" + port() + "/" + DATABASE + "?sslmode=" + sslmode;
    return "disable".equals(sslmode) ? url : url + "&sslrootcert=" + caCertificateFile();
  }

  /** Superuser connections over verify-full, for test setup (DDL, writes, grants). */
  public DataSource superuserDataSource() {
    return dataSource(SUPERUSER, superuserPassword);
  }

  /** Capture-role connections over verify-full, as the code under test would make them. */
  public DataSource captureDataSource() {
    return dataSource(CAPTURE_USER, capturePassword);
  }

  private DataSource dataSource(String user, String password) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(jdbcUrl("verify-full"));
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }

  /**
   * Creates a second database on this server, owned by a new login role of the same name with a random password,
   * e.g. the target of a sink; returns how to reach it over verify-full.
   */
  public Database createDatabase(String name) {
    String password = UUID.randomUUID().toString();
    execute("CREATE ROLE " + identifier(name) + " LOGIN PASSWORD " + literal(password),
        "CREATE DATABASE " + identifier(name) + " OWNER " + identifier(name));
    String url = "jdbc:postgresql://" + host() + ":" + port() + "/" + name + "?sslmode=verify-full&sslrootcert="
        + caCertificateFile();
    return new Database(url, name, password);
  }

  /** A database of this server and the role owning it (the password is left out of {@link #toString()}). */
  public record Database(String jdbcUrl, String user, String password) {
    /** Connections as the owning role. */
    public DataSource dataSource() {
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setURL(jdbcUrl);
      dataSource.setUser(user);
      dataSource.setPassword(password);
      return dataSource;
    }

    @Override
    public String toString() {
      return "Database[jdbcUrl=" + jdbcUrl + ", user=" + user + "]";
    }
  }

  /** Runs each statement as superuser, each in its own transaction. */
  public void execute(String... sql) {
    try (Connection connection = superuserDataSource().getConnection();
         Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** The first column of the first row of a query run as superuser, e.g. a {@code count(*)}. */
  public long queryForLong(String sql) {
    try (Connection connection = superuserDataSource().getConnection();
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      if (!rows.next()) {
        throw new IllegalStateException("no row from: " + sql);
      }
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Opens a superuser transaction on its own connection that stays open until commit, rollback or close: acts out
   * a DSQL transaction that started early (its {@code now()} is the start time) and commits late.
   */
  public HeldTransaction holdTransaction() {
    try {
      return new HeldTransaction(superuserDataSource().getConnection());
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Terminates every backend of the role (except the caller's) and waits until each is gone: acts out DSQL closing
   * connections at its 60-minute limit. Returns how many were terminated.
   */
  public int terminateBackends(String role) {
    try (Connection connection = superuserDataSource().getConnection();
         PreparedStatement statement = connection.prepareStatement(
             "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) FROM pg_stat_activity "
                 + "WHERE usename = ? AND pid <> pg_backend_pid()")) {
      statement.setString(1, role);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Changes a role's password (acts out a rotated credential or an expired IAM token); live sessions stay. For the
   * capture role, {@link #capturePassword()} and {@link #captureDataSource()} follow the change.
   */
  public void setPassword(String role, String password) {
    execute("ALTER ROLE " + identifier(role) + " PASSWORD " + literal(password));
    if (CAPTURE_USER.equals(role)) {
      capturePassword = password;
    }
  }

  private static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
