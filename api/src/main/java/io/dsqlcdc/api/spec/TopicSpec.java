package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record TopicSpec(
    @Min(1) @Max(10000) @JsonPropertyDescription("Partitions of created topics; default: the broker's.")
    Integer partitions,
    @Min(1) @Max(32) @JsonPropertyDescription("Replication factor of created topics; default: the broker's.")
    Integer replicationFactor) {
}
