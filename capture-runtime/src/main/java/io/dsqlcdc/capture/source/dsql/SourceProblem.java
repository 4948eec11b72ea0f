package io.dsqlcdc.capture.source.dsql;

import io.dsqlcdc.api.status.ConnectionReasons;
import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.capture.aws.AwsErrors;
import io.dsqlcdc.capture.source.SourceErrors;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why an endpoint could not be used, as a CamelCase reason (which the operator puts on the SourceConnected
 * condition) and a message that says what to do. Never carries a token or password.
 */
public record SourceProblem(String reason, String message) {
  public ConnectionStatus toStatus(String endpoint) {
    return ConnectionStatus.down(endpoint, reason, message);
  }

  /**
   * Reads the cause chain of a failed connection attempt. {@code roleArn} is the IAM role the runtime logs in
   * with, when known (null for password auth, or when unknown).
   */
  public static SourceProblem of(Throwable failure, Endpoint endpoint, String user, boolean iam, String roleArn,
      JdbcSettings jdbc) {
    String where = endpoint.address();
    if (AwsErrors.missingCredentials(failure)) {
      return new SourceProblem(ConnectionReasons.CREDENTIALS_NOT_FOUND, "No AWS credentials found for IAM auth tokens: "
          + "give the pod an IAM role (IRSA: spec.source.auth.roleArn; or EKS Pod Identity), or set AWS credentials in "
          + "the environment. Run `diagnose` for details.");
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException || isTlsMessage(t.getMessage())) {
        return new SourceProblem(ConnectionReasons.TLS_HANDSHAKE_FAILED, "TLS handshake with " + where + " failed: " + brief(t)
            + ". The server certificate must match the host name and be signed by " + jdbc.trustDescription() + ".");
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        SourceProblem p = ofState(sql, where, user, iam, roleArn);
        if (p != null) {
          return p;
        }
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException) {
        return new SourceProblem(ConnectionReasons.UNREACHABLE, "Cannot reach " + where + ": " + brief(t)
            + ". Check the endpoint name, DNS, security groups / network policy and the port.");
      }
    }
    if (failure instanceof SQLTransientConnectionException) {
      return new SourceProblem(ConnectionReasons.UNREACHABLE, "No connection to " + where + " within the pool's connectionTimeout: "
          + brief(failure));
    }
    return new SourceProblem(ConnectionReasons.CONNECTION_FAILED, "Connection to " + where + " failed: " + brief(failure));
  }

  private static SourceProblem ofState(SQLException e, String where, String user, boolean iam, String roleArn) {
    if (SourceErrors.isLoginRefused(e)) {
      return new SourceProblem(ConnectionReasons.AUTHENTICATION_FAILED, iam
          ? "Login as \"" + user + "\" at " + where + " was refused: DSQL accepts an IAM token only for a database "
              + "role mapped to the IAM role that signed it. As admin, run: AWS IAM GRANT " + user + " TO '"
              + (roleArn == null ? "<iam-role-arn>" : roleArn) + "'" + (roleArn == null ? " (`diagnose` shows the role)." : ".")
          : "Login as \"" + user + "\" at " + where + " was refused: wrong user or password (spec.source.auth.passwordSecret).");
    }
    if (SourceErrors.isPermissionDenied(e)) {
      return new SourceProblem(ConnectionReasons.PERMISSION_DENIED, "\"" + user + "\" lacks a privilege at " + where + ": " + brief(e));
    }
    if (SourceErrors.isConnectionLimit(e)) {
      return new SourceProblem(ConnectionReasons.CONNECTION_LIMIT_REACHED, "DSQL refused a connection at " + where + " (" + brief(e)
          + "): too many connections or connections opened too fast; lower spec.source.pool.maxSize.");
    }
    return null;
  }

  private static boolean isTlsMessage(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("ssl error") || m.contains("could not be verified") || m.contains("does not support ssl")
        || m.contains("pkix path");
  }

  /** The first line of a message: enough to act on, no stack. */
  static String brief(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
