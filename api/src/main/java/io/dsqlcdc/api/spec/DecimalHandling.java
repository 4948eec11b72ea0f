package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum DecimalHandling {
  @JsonProperty("string") STRING,
  @JsonProperty("precise") PRECISE,
  @JsonProperty("double") DOUBLE
}
