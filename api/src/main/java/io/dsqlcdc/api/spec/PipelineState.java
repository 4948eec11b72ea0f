package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The state the user wants the pipeline in. */
public enum PipelineState {
  @JsonProperty("running") RUNNING,
  @JsonProperty("stopped") STOPPED
}
