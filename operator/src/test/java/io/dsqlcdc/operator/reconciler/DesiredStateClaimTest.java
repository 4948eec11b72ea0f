package io.dsqlcdc.operator.reconciler;

import static io.dsqlcdc.operator.TestPipelines.pipeline;
import static io.dsqlcdc.operator.TestPipelines.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.RuntimeSpec;
import io.dsqlcdc.api.spec.StateVolumeSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

class DesiredStateClaimTest {
  static DsqlCdcPipeline withStateVolume(StateVolumeSpec volume) {
    DsqlCdcPipelineSpec s = spec();
    return pipeline("orders", new DsqlCdcPipelineSpec(s.state(), s.source(), s.tables(), s.capture(), s.sink(),
        new RuntimeSpec(null, null, null, null, null, null, volume), null, null));
  }

  @Test
  void noClaimWithoutAStateVolumeInTheSpec() {
    assertThat(DesiredStateClaim.of(pipeline("orders"))).isEmpty();
  }

  @Test
  void aStateVolumeIsAReadWriteOnceClaimOfItsSizeAndClassOwnedByThePipeline() {
    PersistentVolumeClaim claim = DesiredStateClaim.of(withStateVolume(new StateVolumeSpec("20Gi", "gp3"))).orElseThrow();
    assertThat(claim.getMetadata().getName()).isEqualTo("orders-state");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("20Gi"));
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("gp3");
    assertThat(claim.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getController()).isTrue());
  }

  @Test
  void withoutAClassTheClusterDefaultApplies() {
    assertThat(DesiredStateClaim.of(withStateVolume(new StateVolumeSpec("5Gi", null))).orElseThrow().getSpec()
        .getStorageClassName()).isNull();
  }
}
