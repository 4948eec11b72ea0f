package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record SinkTls(
    @JsonPropertyDescription("Use TLS to the brokers. Default false.")
    Boolean enabled,
    @JsonPropertyDescription("PEM CA certificates to trust instead of the JVM's.")
    SecretKeyRef caSecret) {

  public SinkTls {
    enabled = enabled != null && enabled;
  }
}
