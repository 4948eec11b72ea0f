package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum SourceAuthType {
  @JsonProperty("iam") IAM,
  @JsonProperty("password") PASSWORD
}
