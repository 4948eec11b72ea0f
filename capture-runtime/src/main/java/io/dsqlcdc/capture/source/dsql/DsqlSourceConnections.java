package io.dsqlcdc.capture.source.dsql;

import io.dsqlcdc.api.status.ConnectionReasons;
import com.zaxxer.hikari.HikariDataSource;
import io.dsqlcdc.api.spec.SourceAuthType;
import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.capture.source.SourceConnections;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Connections to a DSQL cluster through one pool per endpoint (each with its own tokens), handing out
 * connections from the active endpoint and failing over to the next one when it cannot give any. A background
 * probe watches failed endpoints and brings the primary back once it is healthy again.
 */
public final class DsqlSourceConnections implements SourceConnections {
  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(DsqlSourceConnections.class);

  /** How often failed endpoints (and a standing-in primary) are probed, and how long the primary must stay up. */
  public record Failover(Duration probeInterval, Duration failbackAfter) {
    public static Failover defaults() {
      return new Failover(Duration.ofSeconds(5), Duration.ofSeconds(60));
    }
  }

  private final List<Endpoint> endpoints;
  private final List<HikariDataSource> pools;
  private final FailoverRouter router;
  private final String user;
  private final boolean iam;
  private final String roleArn;
  private final JdbcSettings jdbc;
  private final ScheduledExecutorService prober;
  private final AutoCloseable credentialsProvider;
  private final DataSource dataSource = new RoutingDataSource();

  private DsqlSourceConnections(SourceSpec source, EndpointCredentials credentials, String user, Failover failover,
      Clock clock, AutoCloseable credentialsProvider) {
    this.credentialsProvider = credentialsProvider;
    this.endpoints = Endpoint.of(source);
    this.jdbc = JdbcSettings.of(source);
    this.user = user;
    this.iam = source.auth().type() == SourceAuthType.IAM;
    this.roleArn = source.auth().roleArn();
    this.router = new FailoverRouter(endpoints.size(), clock, failover.failbackAfter());
    List<HikariDataSource> opened = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      opened.add(EndpointPools.open(endpoint, jdbc, source.pool(), credentials));
    }
    this.pools = List.copyOf(opened);
    this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dsql-endpoint-probe");
      t.setDaemon(true);
      return t;
    });
    long every = failover.probeInterval().toMillis();
    prober.scheduleWithFixedDelay(this::probe, every, every, TimeUnit.MILLISECONDS);
  }

  /** IAM auth with the SDK's default credentials chain (IRSA, Pod Identity, environment, profile). */
  public static DsqlSourceConnections iam(SourceSpec source) {
    return iam(source, DefaultCredentialsProvider.builder().build(), Clock.systemUTC(), Failover.defaults());
  }

  public static DsqlSourceConnections iam(SourceSpec source, AwsCredentialsProvider credentials, Clock clock,
      Failover failover) {
    AuthTokens tokens = new AuthTokens(new DsqlTokenGenerator(credentials, clock), source.user());
    // Providers such as the default chain hold refresh threads and HTTP clients (IRSA, Pod Identity).
    AutoCloseable closeable = credentials instanceof AutoCloseable c ? c : () -> { };
    return new DsqlSourceConnections(source, EndpointCredentials.iam(tokens), source.user(), failover, clock,
        closeable);
  }

  /** auth.type password with several endpoints: one password, failover between the endpoints. */
  public static DsqlSourceConnections password(SourceSpec source, String password) {
    return new DsqlSourceConnections(source, EndpointCredentials.password(source.user(), password), source.user(),
        Failover.defaults(), Clock.systemUTC(), () -> { });
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  /** The active endpoint, and why it is unusable when it is. */
  @Override
  public ConnectionStatus status() {
    int active = router.active();
    String address = endpoints.get(active).address();
    if (!router.activeKnown()) {
      return ConnectionStatus.down(address, ConnectionReasons.CONNECTING, "no connection to " + address + " was tried yet");
    }
    SourceProblem problem = router.problem(active);
    return router.activeUsable() || problem == null ? ConnectionStatus.up(address) : problem.toStatus(address);
  }

  @Override
  public void close() {
    prober.shutdownNow();
    pools.forEach(HikariDataSource::close);
    try {
      credentialsProvider.close();
    } catch (Exception e) {
      LOG.debug("closing the AWS credentials provider failed", e);
    }
  }

  private Connection connect() throws SQLException {
    SQLException last = null;
    for (int attempt = 0; attempt < endpoints.size(); attempt++) {
      int i = router.active();
      try {
        Connection c = pools.get(i).getConnection();
        router.succeeded(i);
        return c;
      } catch (SQLException e) {
        fail(i, e);
        if (last != null) {
          e.addSuppressed(last);
        }
        last = e;
        if (router.active() == i) {
          break;
        }
      }
    }
    throw last;
  }

  private void fail(int i, Throwable e) {
    SourceProblem problem = SourceProblem.of(e, endpoints.get(i), user, iam, roleArn, jdbc);
    int before = router.active();
    router.failed(i, problem);
    int after = router.active();
    if (before != after) {
      LOG.warn("Endpoint {} failed ({}: {}); switching to {}", endpoints.get(i).address(), problem.reason(),
          problem.message(), endpoints.get(after).address());
    } else {
      LOG.warn("Endpoint {} failed ({}: {})", endpoints.get(i).address(), problem.reason(), problem.message());
    }
  }

  private void probe() {
    for (int i = 0; i < endpoints.size(); i++) {
      if (!router.needsProbe(i)) {
        continue;
      }
      int before = router.active();
      try (Connection c = pools.get(i).getConnection()) {
        router.probed(i, c.isValid(5) ? null : new SourceProblem(ConnectionReasons.CONNECTION_FAILED,
            "connection to " + endpoints.get(i).address() + " is not valid"));
      } catch (SQLException | RuntimeException e) {
        router.probed(i, SourceProblem.of(e, endpoints.get(i), user, iam, roleArn, jdbc));
      }
      if (router.active() != before) {
        LOG.info("Endpoint {} is healthy again; switching to it from {}", endpoints.get(router.active()).address(),
            endpoints.get(before).address());
      }
    }
  }

  /** What the capture code sees: each getConnection comes from the endpoint active at that moment. */
  private final class RoutingDataSource implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return connect();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("credentials come from the pipeline's source.auth");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      if (iface.isInstance(this)) {
        return iface.cast(this);
      }
      throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return iface.isInstance(this);
    }
  }
}
