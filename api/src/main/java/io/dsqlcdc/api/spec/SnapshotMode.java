package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum SnapshotMode {
  @JsonProperty("initial") INITIAL,
  @JsonProperty("never") NEVER
}
