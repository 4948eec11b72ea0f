package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A PersistentVolumeClaim for the runtime's state stores, so a rescheduled pod keeps its state and restarts from its
 * checkpoint instead of the changelog. Without it the state lives in an emptyDir: kept across container restarts,
 * rebuilt from the changelog when the pod moves.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateVolumeSpec(
    @Required @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$")
    @JsonPropertyDescription("Requested size, a Kubernetes quantity, e.g. 20Gi; the runtime reports each store's size"
        + " in status (tables[].stateStore.sizeBytes) to size it from.")
    String size,
    @JsonPropertyDescription("StorageClass of the claim; default: the cluster's default class.")
    String storageClassName) {
}
