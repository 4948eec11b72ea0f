package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A one-off re-snapshot of some tables; the runtime remembers which id it has carried out. */
public record SnapshotRequest(
    @Required @Pattern("^[A-Za-z0-9._-]{1,63}$") @JsonPropertyDescription("A new value triggers a new snapshot.")
    String id,
    @Required @Size(min = 1) @JsonPropertyDescription("Names of tables (as in spec.tables) to snapshot again.")
    List<String> tables) {

  public SnapshotRequest {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }
}
