package io.dsqlcdc.api.status;

/**
 * Reasons of a {@link ConnectionStatus} that the runtime reports and the operator copies into the SourceConnected and
 * SinkConnected conditions (the README's troubleshooting table explains each). A client may report finer reasons of
 * its own (the source's, e.g. CredentialsNotFound, come with its errors).
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

  private ConnectionReasons() {
  }
}
