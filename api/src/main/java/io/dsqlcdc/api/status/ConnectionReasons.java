package io.dsqlcdc.api.status;

/**
 * Reasons of a {@link ConnectionStatus} that the runtime reports and the operator copies into the SourceConnected and
 * SinkConnected conditions (the README's troubleshooting table explains each): every reason either side writes is
 * a constant here.
 */
public final class ConnectionReasons {
  public static final String CONNECTED = "Connected";
  /** The runtime has not tried yet. */
  public static final String STARTING = "Starting";
  /** The first check is under way. */
  public static final String CONNECTING = "Connecting";
  /** No answer within the check's timeout: network, endpoint, or the service is down. */
  public static final String UNREACHABLE = "Unreachable";
  /** The service refused the credentials. */
  public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
  /** Logged in, but not allowed what the runtime needs (e.g. Kafka ACLs). */
  public static final String NOT_AUTHORIZED = "NotAuthorized";
  /** The pod has no AWS credentials for IAM authentication (DSQL tokens, aws-msk-iam). */
  public static final String CREDENTIALS_NOT_FOUND = "CredentialsNotFound";
  /** Neither the spec, the broker names nor the pod's environment tell the region an MSK IAM token is signed for. */
  public static final String REGION_UNKNOWN = "RegionUnknown";
  /** The server's certificate was not trusted or did not match its name. */
  public static final String TLS_HANDSHAKE_FAILED = "TlsHandshakeFailed";
  /** The database user lacks a privilege the runtime needs. */
  public static final String PERMISSION_DENIED = "PermissionDenied";
  /** DSQL refused a connection: too many connections, or opened too fast. */
  public static final String CONNECTION_LIMIT_REACHED = "ConnectionLimitReached";
  /** A pooled connection did not answer its validity check. */
  public static final String CONNECTION_INVALID = "ConnectionInvalid";
  /** Any other failure to connect; the message has the error. */
  public static final String CONNECTION_FAILED = "ConnectionFailed";
  /** The check itself failed unexpectedly; the message has the error. */
  public static final String CHECK_FAILED = "CheckFailed";
  /** A Kafka transaction has been committing for longer than the runtime allows; events are not reaching Kafka. */
  public static final String COMMIT_STALLED = "CommitStalled";
  /** A Kafka transaction failed; the runtime restarts from the committed state. */
  public static final String COMMIT_FAILED = "CommitFailed";
  /** A newer runtime of the same pipeline took over the transactional id. */
  public static final String FENCED = "Fenced";

  /** A database error without a reason of its own: {@code SqlState} and its SQLState, e.g. {@code SqlState53100}. */
  public static String sqlState(String sqlState) {
    return "SqlState" + sqlState;
  }

  private ConnectionReasons() {
  }
}
