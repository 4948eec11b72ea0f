package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** TLS to the database. DSQL requires TLS; disable is for local databases only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceTls(
    @JsonPropertyDescription("verify-full (default), require, or disable (local databases only).")
    SourceTlsMode mode,
    @JsonPropertyDescription("PEM file of the CA to trust instead of the bundled Amazon root CAs.")
    String caFile) {

  public SourceTls {
    mode = mode == null ? SourceTlsMode.VERIFY_FULL : mode;
  }

  public static SourceTls defaults() {
    return new SourceTls(null, null);
  }
}
