package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where stream mode starts reading shards that have no checkpoint yet. */
public enum StartPosition {
  /** Records put after the reader opens its shards. */
  @JsonProperty("latest") LATEST,
  /** The oldest record each shard still retains. */
  @JsonProperty("trimHorizon") TRIM_HORIZON
}
