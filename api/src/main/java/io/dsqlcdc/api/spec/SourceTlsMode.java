package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Values match PostgreSQL's sslmode. */
public enum SourceTlsMode {
  @JsonProperty("verify-full") VERIFY_FULL("verify-full"),
  @JsonProperty("require") REQUIRE("require"),
  @JsonProperty("disable") DISABLE("disable");

  private final String sslMode;

  SourceTlsMode(String sslMode) {
    this.sslMode = sslMode;
  }

  public String sslMode() {
    return sslMode;
  }
}
