package io.dsqlcdc.operator.observer;

import io.dsqlcdc.operator.status.Reasons;

/**
 * The runtime Deployment as observed.
 *
 * @param available the wanted pod runs the current template and is ready
 * @param reason CamelCase reason for the DeploymentAvailable condition
 * @param message what a user reads
 */
public record DeploymentState(boolean available, String reason, String message) {

  /** A pod of the current template runs, ready or not, so its runtime can be asked what it is doing. */
  public boolean hasCurrentPod() {
    return available || Reasons.UNAVAILABLE.equals(reason);
  }
}
