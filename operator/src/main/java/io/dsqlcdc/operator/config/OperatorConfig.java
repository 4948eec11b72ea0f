package io.dsqlcdc.operator.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the operator runs.
 *
 * @param namespaces namespaces whose pipelines are reconciled; empty = all namespaces
 * @param defaultRuntimeImage runtime image for pipelines that name none in spec.runtime.image
 * @param reobserveInterval how often each pipeline's Deployment and runtime /status are read again
 * @param runtimeStatusTimeout how long one GET /status may take before the runtime counts as unreachable
 * @param leaderElection Lease-based leader election; null when disabled (a single replica)
 * @param httpPort port of /healthz, /readyz and /metrics; 0 picks a free port
 */
public record OperatorConfig(
    Set<String> namespaces,
    String defaultRuntimeImage,
    Duration reobserveInterval,
    Duration runtimeStatusTimeout,
    LeaderElection leaderElection,
    int httpPort) {

  public static final String DEFAULT_RUNTIME_IMAGE = "ghcr.io/dsql-cdc/capture-runtime:0.1.0";
  public static final int DEFAULT_HTTP_PORT = 8081;

  public OperatorConfig {
    namespaces = Set.copyOf(namespaces);
    Objects.requireNonNull(defaultRuntimeImage, "defaultRuntimeImage");
    if (reobserveInterval.isNegative() || reobserveInterval.isZero()) {
      throw new IllegalArgumentException("reobserveInterval must be positive");
    }
    if (runtimeStatusTimeout.isNegative() || runtimeStatusTimeout.isZero()) {
      throw new IllegalArgumentException("runtimeStatusTimeout must be positive");
    }
  }

  public boolean watchesAllNamespaces() {
    return namespaces.isEmpty();
  }

  /**
   * @param leaseName name of the coordination.k8s.io Lease
   * @param leaseNamespace namespace of the Lease; null = the client's namespace (the operator pod's own)
   */
  public record LeaderElection(String leaseName, String leaseNamespace) {
    public LeaderElection {
      Objects.requireNonNull(leaseName, "leaseName");
    }
  }
}
