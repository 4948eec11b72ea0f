package io.dsqlcdc.capture.diagnose;

import io.dsqlcdc.capture.source.SourceErrors;
import io.dsqlcdc.api.status.ConnectionReasons;
import io.dsqlcdc.api.spec.SourceAuthType;
import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.api.spec.TableSpec;
import io.dsqlcdc.capture.source.Identifiers;
import io.dsqlcdc.capture.source.dsql.AuthTokens;
import io.dsqlcdc.capture.source.dsql.DsqlTokenGenerator;
import io.dsqlcdc.capture.source.dsql.Endpoint;
import io.dsqlcdc.capture.source.dsql.JdbcSettings;
import io.dsqlcdc.capture.source.dsql.SourceProblem;
import io.dsqlcdc.capture.source.dsql.TlsProbe;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.postgresql.Driver;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * The database side, in the order a login needs it: AWS credentials, who they belong to (STS), a token per
 * endpoint, TCP and TLS per endpoint, the login, and SELECT on every table.
 */
public final class SourceChecks {
  /** The ARN that STS GetCallerIdentity returns for the credentials. */
  @FunctionalInterface
  public interface CallerIdentity {
    String arn(AwsCredentialsProvider credentials, Region region);
  }

  private final SourceSpec source;
  private final List<TableSpec> tables;
  private final String password;
  private final AwsCredentialsProvider credentials;
  private final CallerIdentity sts;
  private final Clock clock;
  private final Function<String, String> env;
  private final boolean iam;
  private final JdbcSettings jdbc;
  private final List<Endpoint> endpoints;
  private final List<CheckResult> results = new ArrayList<>();
  private String roleArn;

  /** {@code password} is the resolved secret for auth.type password, null for iam. */
  public SourceChecks(SourceSpec source, List<TableSpec> tables, String password, AwsCredentialsProvider credentials,
      CallerIdentity sts, Clock clock, Function<String, String> env) {
    this.source = source;
    this.tables = tables;
    this.password = password;
    this.credentials = credentials;
    this.sts = sts;
    this.clock = clock;
    this.env = env;
    this.iam = source.auth().type() == SourceAuthType.IAM;
    this.jdbc = JdbcSettings.of(source);
    this.endpoints = Endpoint.of(source);
    this.roleArn = source.auth().roleArn();
  }

  public List<CheckResult> run() {
    AuthTokens tokens = null;
    if (iam) {
      tokens = checkCredentials() ? checkTokens() : skipTokens();
    } else {
      results.add(CheckResult.skip("AWS credentials", "not needed for auth.type password"));
    }
    Set<Endpoint> reachable = new LinkedHashSet<>();
    for (Endpoint endpoint : endpoints) {
      if (checkReach(endpoint)) {
        reachable.add(endpoint);
      }
    }
    Connection session = null;
    try {
      for (Endpoint endpoint : endpoints) {
        Connection c = login(endpoint, reachable.contains(endpoint), tokens);
        if (session == null) {
          session = c;
        } else if (c != null) {
          close(c);
        }
      }
      checkTables(session);
    } finally {
      if (session != null) {
        close(session);
      }
    }
    return List.copyOf(results);
  }

  private boolean checkCredentials() {
    String name = "AWS credentials";
    AwsCredentials found;
    try {
      found = credentials.resolveCredentials();
    } catch (SdkException e) {
      results.add(CheckResult.fail(name, ConnectionReasons.CREDENTIALS_NOT_FOUND, firstLine(e),
          "give the runtime an IAM role: set spec.source.auth.roleArn so the operator annotates the ServiceAccount "
              + "for IRSA (the cluster needs an OIDC provider and the role a trust policy for it), or create an EKS "
              + "Pod Identity association; outside Kubernetes set AWS_PROFILE or AWS_ACCESS_KEY_ID and "
              + "AWS_SECRET_ACCESS_KEY."));
      results.add(CheckResult.skip("STS caller identity", "needs AWS credentials"));
      return false;
    }
    CredentialsSource where = CredentialsSource.of(found, env);
    results.add(CheckResult.pass(name, "found in " + where
        + (where.instanceRole() ? " (IRSA and Pod Identity are not in effect)" : "")));
    if (where.roleArn() != null) {
      roleArn = where.roleArn();
    }
    // Tokens are signed locally: DSQL needs no STS call, so a failed one does not stop the login check.
    checkCallerIdentity();
    return true;
  }

  private void checkCallerIdentity() {
    String name = "STS caller identity";
    String arn;
    try {
      arn = sts.arn(credentials, endpoints.get(0).region());
    } catch (AwsServiceException e) {
      results.add(CheckResult.fail(name, CheckReasons.CREDENTIALS_INVALID,
          "STS refused the credentials: " + e.awsErrorDetails().errorCode() + " " + e.awsErrorDetails().errorMessage(),
          "the credentials are expired, revoked or malformed: renew them (restart the pod to re-read its role)."));
      return;
    } catch (SdkException e) {
      results.add(CheckResult.fail(name, ConnectionReasons.UNREACHABLE, "cannot reach STS: " + firstLine(e),
          "allow HTTPS to sts." + endpoints.get(0).region() + ".amazonaws.com (or an STS VPC endpoint); IRSA needs it."));
      return;
    }
    String role = iamRoleOf(arn);
    String configured = source.auth().roleArn();
    if (configured != null && !sameRole(configured, role)) {
      results.add(CheckResult.fail(name, CheckReasons.ROLE_MISMATCH, "running as " + arn + ", but spec.source.auth.roleArn is "
          + configured, "IRSA is not in effect: check the ServiceAccount annotation eks.amazonaws.com/role-arn, the "
          + "role's trust policy (the cluster's OIDC provider and this ServiceAccount), and restart the pod."));
      return;
    }
    roleArn = role;
    results.add(CheckResult.pass(name, arn + (role.equals(arn) ? "" : " (IAM role " + role + ")")));
  }

  private AuthTokens skipTokens() {
    endpoints.forEach(e -> results.add(CheckResult.skip("IAM token for " + e.host(), "needs AWS credentials")));
    return null;
  }

  private AuthTokens checkTokens() {
    AuthTokens tokens = new AuthTokens(new DsqlTokenGenerator(credentials, clock), source.user());
    boolean all = true;
    for (Endpoint endpoint : endpoints) {
      String name = "IAM token for " + endpoint.host();
      try {
        tokens.tokenFor(endpoint);
        results.add(CheckResult.pass(name, ("admin".equals(source.user()) ? "DbConnectAdmin" : "DbConnect")
            + " as " + source.user() + ", signed for " + endpoint.region() + ", valid "
            + DsqlTokenGenerator.TOKEN_LIFETIME.toMinutes() + " minutes"));
      } catch (RuntimeException e) {
        all = false;
        results.add(CheckResult.fail(name, CheckReasons.TOKEN_GENERATION_FAILED, firstLine(e),
            "check the AWS credentials above and the endpoint's region (spec.source.region)."));
      }
    }
    return all ? tokens : null;
  }

  private boolean checkReach(Endpoint endpoint) {
    String name = "TCP and TLS to " + endpoint.address();
    try {
      results.add(CheckResult.pass(name, TlsProbe.probe(endpoint, jdbc)));
      return true;
    } catch (TlsProbe.TlsFailure e) {
      results.add(CheckResult.fail(name, ConnectionReasons.TLS_HANDSHAKE_FAILED, firstLine(e),
          "the server certificate must be valid for " + endpoint.host() + " and signed by " + jdbc.trustDescription()
              + "; for DSQL leave spec.source.tls.caFile unset (the Amazon root CAs are trusted)."));
    } catch (IOException e) {
      results.add(CheckResult.fail(name, ConnectionReasons.UNREACHABLE, e.getClass().getSimpleName() + ": "
          + firstLine(e), "check the endpoint name and port, DNS, and that security groups / network policies allow "
          + "TCP " + endpoint.port() + " from the runtime."));
    }
    return false;
  }

  private Connection login(Endpoint endpoint, boolean reachable, AuthTokens tokens) {
    String name = "login to " + endpoint.address() + " as " + source.user();
    if (!reachable || (iam && tokens == null)) {
      results.add(CheckResult.skip(name, reachable ? "needs an IAM token" : "needs TCP and TLS"));
      return null;
    }
    Properties props = jdbc.properties(endpoint);
    props.setProperty("user", source.user());
    props.setProperty("password", iam ? tokens.tokenFor(endpoint) : password);
    try {
      Connection c = new Driver().connect(jdbc.url(endpoint), props);
      results.add(CheckResult.pass(name, "logged in (" + c.getMetaData().getDatabaseProductName() + " "
          + c.getMetaData().getDatabaseProductVersion() + ")"));
      return c;
    } catch (SQLException e) {
      SourceProblem problem = SourceProblem.of(e, endpoint, source.user(), iam, roleArn, jdbc);
      results.add(CheckResult.fail(name, problem.reason(), firstLine(e), problem.message()));
      return null;
    }
  }

  private void checkTables(Connection session) {
    for (TableSpec table : tables) {
      String name = "SELECT on " + table.qualifiedName();
      if (session == null) {
        results.add(CheckResult.skip(name, "needs a login"));
        continue;
      }
      List<String> columns = new ArrayList<>();
      if (table.cursor() != null) {
        columns.add(table.cursor());
      }
      if (table.key() != null) {
        columns.addAll(table.key());
      }
      String selected = columns.isEmpty() ? "*" : String.join(", ", columns.stream().map(Identifiers::quote).toList());
      String sql = "SELECT " + selected + " FROM "
          + Identifiers.quote(table.schema()) + "." + Identifiers.quote(table.table()) + " LIMIT 0";
      try (Statement s = session.createStatement()) {
        s.executeQuery(sql).close();
        results.add(CheckResult.pass(name, columns.isEmpty() ? "readable"
            : "readable, with columns " + String.join(", ", columns)));
      } catch (SQLException e) {
        results.add(tableFailure(name, table, e));
      }
    }
  }

  private CheckResult tableFailure(String name, TableSpec table, SQLException e) {
    if (SourceErrors.isUndefinedTable(e)) {
      return CheckResult.fail(name, CheckReasons.TABLE_NOT_FOUND, firstLine(e), "create " + table.qualifiedName()
          + " or correct spec.tables (names are schema.table; the schema defaults to public).");
    }
    if (SourceErrors.isUndefinedColumn(e)) {
      return CheckResult.fail(name, CheckReasons.COLUMN_NOT_FOUND, firstLine(e), "correct the table's cursor / key columns in spec.tables.");
    }
    if (SourceErrors.isPermissionDenied(e)) {
      return CheckResult.fail(name, ConnectionReasons.PERMISSION_DENIED, firstLine(e),
          "as admin, run: GRANT USAGE ON SCHEMA " + Identifiers.quote(table.schema()) + " TO " + source.user()
              + "; GRANT SELECT ON " + table.qualifiedName() + " TO " + source.user() + ";");
    }
    return CheckResult.fail(name, CheckReasons.QUERY_FAILED, firstLine(e), "see the database error above.");
  }

  /** The IAM role behind an STS assumed-role ARN; other ARNs as they are. */
  static String iamRoleOf(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length == 6 && parts[2].equals("sts") && parts[5].startsWith("assumed-role/")) {
      String roleName = parts[5].split("/")[1];
      return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + roleName;
    }
    return arn;
  }

  /** Assumed-role ARNs drop the role's path, so compare account and role name. */
  private static boolean sameRole(String configured, String role) {
    String account = configured.split(":")[4];
    String roleName = configured.substring(configured.lastIndexOf('/') + 1);
    return role.split(":").length > 4 && role.split(":")[4].equals(account) && role.endsWith("/" + roleName);
  }

  private static void close(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // a diagnosis session: nothing to keep
    }
  }

  static String firstLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
