package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** JSON event format (see EVENTS.md). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FormatSpec(
    @JsonPropertyDescription("Wrap key and value as {schema, payload} (Kafka Connect JsonConverter). Default false.")
    Boolean schemas,
    @JsonPropertyDescription("numeric columns as string (default), precise (Connect Decimal) or double.")
    DecimalHandling decimalHandling,
    @JsonPropertyDescription("Follow each delete with a tombstone. Default true.")
    Boolean tombstones) {

  public FormatSpec {
    schemas = schemas != null && schemas;
    decimalHandling = decimalHandling == null ? DecimalHandling.STRING : decimalHandling;
    tombstones = tombstones == null || tombstones;
  }

  public static FormatSpec defaults() {
    return new FormatSpec(null, null, null);
  }
}
