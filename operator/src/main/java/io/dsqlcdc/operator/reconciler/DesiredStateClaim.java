package io.dsqlcdc.operator.reconciler;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.spec.RuntimeSpec;
import io.dsqlcdc.api.spec.StateVolumeSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime's state volume as a PersistentVolumeClaim (ReadWriteOnce: one writer), when spec.runtime.stateVolume
 * asks for one; owned by the pipeline, so deleting the pipeline deletes it.
 */
public final class DesiredStateClaim {
  private DesiredStateClaim() {
  }

  public static Optional<PersistentVolumeClaim> of(DsqlCdcPipeline p) {
    RuntimeSpec runtime = p.getSpec().runtime();
    StateVolumeSpec volume = runtime == null ? null : runtime.stateVolume();
    if (volume == null) {
      return Optional.empty();
    }
    return Optional.of(new PersistentVolumeClaimBuilder()
        .withMetadata(Dependents.metadata(p, Dependents.stateClaimName(p), Map.of()))
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(volume.storageClassName())
        .withNewResources().addToRequests("storage", new Quantity(volume.size())).endResources()
        .endSpec()
        .build());
  }
}
