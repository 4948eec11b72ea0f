package io.dsqlcdc.operator.status;

import io.dsqlcdc.api.status.ConnectionReasons;
import java.util.Set;

/** Condition types and the reasons the operator writes (the README maps each reason to its fix). */
public final class Reasons {
  public static final String READY = "Ready";
  public static final String DEPLOYMENT_AVAILABLE = "DeploymentAvailable";
  public static final String SOURCE_CONNECTED = "SourceConnected";
  public static final String SINK_CONNECTED = "SinkConnected";
  /** Some tables fail while the others flow. */
  public static final String DEGRADED = "Degraded";

  // Ready
  public static final String RUNNING = "Running";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String SECRET_NOT_FOUND = "SecretNotFound";
  public static final String STOPPED = "Stopped";
  public static final String DEPLOYMENT_UNAVAILABLE = "DeploymentUnavailable";
  public static final String RUNTIME_UNREACHABLE = "RuntimeUnreachable";
  public static final String STARTING = "Starting";
  public static final String RESTORING = "Restoring";
  public static final String SOURCE_NOT_CONNECTED = "SourceNotConnected";
  public static final String SINK_NOT_CONNECTED = "SinkNotConnected";
  public static final String TABLE_FAILED = "TableFailed";
  public static final String RUNTIME_FAILED = "RuntimeFailed";
  public static final String RECONCILE_ERROR = "ReconcileError";

  // Degraded
  public static final String TABLES_FAILING = "TablesFailing";
  public static final String TABLES_FLOWING = "TablesFlowing";

  // DeploymentAvailable
  public static final String AVAILABLE = "Available";
  public static final String DEPLOYMENT_MISSING = "DeploymentMissing";
  public static final String SCALED_TO_ZERO = "ScaledToZero";
  public static final String ROLLING_OUT = "RollingOut";
  public static final String UNAVAILABLE = "Unavailable";

  // SourceConnected / SinkConnected (besides the runtime's own reasons, e.g. Connected)
  public static final String CONNECTED = ConnectionReasons.CONNECTED;
  public static final String DISCONNECTED = "Disconnected";
  public static final String RUNTIME_NOT_RUNNING = "RuntimeNotRunning";
  public static final String NOT_REPORTED = "NotReported";

  /** Ready reasons that need a user's action (Warning events; Argo CD's Degraded), as opposed to progress. */
  public static final Set<String> FAILURES = Set.of(INVALID_SPEC, SECRET_NOT_FOUND, RUNTIME_UNREACHABLE,
      SOURCE_NOT_CONNECTED, SINK_NOT_CONNECTED, TABLE_FAILED, RUNTIME_FAILED, RECONCILE_ERROR);

  private Reasons() {
  }
}
