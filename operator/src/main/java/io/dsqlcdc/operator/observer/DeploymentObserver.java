package io.dsqlcdc.operator.observer;

import io.dsqlcdc.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.Optional;

/** Reads availability off a Deployment's status, as the deployment controller writes it. */
public final class DeploymentObserver {
  private DeploymentObserver() {
  }

  public static DeploymentState observe(Optional<Deployment> deployment) {
    if (deployment.isEmpty()) {
      return new DeploymentState(false, Reasons.DEPLOYMENT_MISSING, "the runtime Deployment does not exist yet");
    }
    Deployment d = deployment.get();
    String name = d.getMetadata().getName();
    int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    if (wanted == 0) {
      return new DeploymentState(false, Reasons.SCALED_TO_ZERO, "Deployment " + name + " is scaled to 0 replicas");
    }
    DeploymentStatus status = Optional.ofNullable(d.getStatus()).orElseGet(DeploymentStatus::new);
    long generation = Optional.ofNullable(d.getMetadata().getGeneration()).orElse(0L);
    long observed = Optional.ofNullable(status.getObservedGeneration()).orElse(0L);
    int updated = Optional.ofNullable(status.getUpdatedReplicas()).orElse(0);
    int available = Optional.ofNullable(status.getAvailableReplicas()).orElse(0);
    if (observed < generation || updated < wanted) {
      return new DeploymentState(false, Reasons.ROLLING_OUT, "Deployment " + name + " is rolling out a new pod");
    }
    if (available < wanted) {
      String detail = Optional.ofNullable(status.getConditions()).orElse(java.util.List.of()).stream()
          .filter(c -> "Available".equals(c.getType()) && c.getMessage() != null)
          .map(DeploymentCondition::getMessage)
          .findFirst()
          .orElse("no ready pod");
      return new DeploymentState(false, Reasons.UNAVAILABLE, "Deployment " + name + ": " + detail);
    }
    return new DeploymentState(true, Reasons.AVAILABLE, "Deployment " + name + " has its pod ready");
  }
}
