package io.dsqlcdc.operator.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeploymentObserverTest {

  static Deployment deployment(int replicas, long generation, Long observed, int updated, int available) {
    return new DeploymentBuilder()
        .withNewMetadata().withName("orders").withGeneration(generation).endMetadata()
        .withNewSpec().withReplicas(replicas).endSpec()
        .withNewStatus().withObservedGeneration(observed).withUpdatedReplicas(updated).withAvailableReplicas(available)
        .addNewCondition().withType("Available").withStatus("False").withMessage("Deployment does not have minimum availability.")
        .endCondition()
        .endStatus()
        .build();
  }

  @Test
  void isAvailableWhenTheCurrentTemplatesPodIsReady() {
    DeploymentState state = DeploymentObserver.observe(Optional.of(deployment(1, 2, 2L, 1, 1)));
    assertThat(state.available()).isTrue();
    assertThat(state.reason()).isEqualTo("Available");
  }

  @Test
  void isRollingOutUntilTheControllerHasSeenTheNewGeneration() {
    assertThat(DeploymentObserver.observe(Optional.of(deployment(1, 3, 2L, 1, 1))).reason()).isEqualTo("RollingOut");
    assertThat(DeploymentObserver.observe(Optional.of(deployment(1, 3, 3L, 0, 0))).reason()).isEqualTo("RollingOut");
  }

  @Test
  void isUnavailableWithTheDeploymentsOwnMessage() {
    DeploymentState state = DeploymentObserver.observe(Optional.of(deployment(1, 2, 2L, 1, 0)));
    assertThat(state.available()).isFalse();
    assertThat(state.reason()).isEqualTo("Unavailable");
    assertThat(state.message()).contains("does not have minimum availability");
  }

  @Test
  void isNeitherWhenMissingOrScaledToZero() {
    assertThat(DeploymentObserver.observe(Optional.empty()).reason()).isEqualTo("DeploymentMissing");
    assertThat(DeploymentObserver.observe(Optional.of(deployment(0, 2, 2L, 0, 0))).reason()).isEqualTo("ScaledToZero");
  }

  @Test
  void anUnreadyPodOfTheCurrentTemplateCanStillBeAskedForItsStatus() {
    assertThat(new DeploymentState(false, Reasons.UNAVAILABLE, "pod is not ready").hasCurrentPod()).isTrue();
    assertThat(new DeploymentState(false, Reasons.ROLLING_OUT, "rolling out").hasCurrentPod()).isFalse();
    assertThat(new DeploymentState(false, Reasons.SCALED_TO_ZERO, "0 replicas").hasCurrentPod()).isFalse();
  }
}
