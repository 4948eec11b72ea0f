package io.dsqlcdc.operator.status;

import io.dsqlcdc.operator.observer.DeploymentState;
import io.dsqlcdc.operator.observer.RuntimeObservation;

/**
 * Everything one pass found out about a pipeline, from which its status follows.
 *
 * @param generation the spec generation that was looked at
 * @param stopped spec.state is stopped
 * @param tableCount tables in the spec
 * @param blocker why the spec cannot be applied (InvalidSpec, SecretNotFound), or null
 * @param deployment the runtime Deployment's state
 * @param runtime what the runtime's /status said
 */
public record PipelineFacts(long generation, boolean stopped, int tableCount, Blocker blocker,
    DeploymentState deployment, RuntimeObservation runtime) {

  /** A reason the operator leaves the owned objects as they are instead of applying the spec. */
  public record Blocker(String reason, String message) {
  }
}
