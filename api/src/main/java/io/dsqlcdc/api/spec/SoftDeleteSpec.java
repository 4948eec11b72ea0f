package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

public record SoftDeleteSpec(
    @Required @Pattern(SourceSpec.IDENTIFIER_PATTERN)
    @JsonPropertyDescription("A row whose value in this column is not null (or true) counts as deleted.")
    String column) {
}
