package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum KafkaAuthType {
  @JsonProperty("none") NONE(null),
  @JsonProperty("plain") PLAIN("PLAIN"),
  @JsonProperty("scram-sha-256") SCRAM_SHA_256("SCRAM-SHA-256"),
  @JsonProperty("scram-sha-512") SCRAM_SHA_512("SCRAM-SHA-512"),
  @JsonProperty("mtls") MTLS(null);

  private final String saslMechanism;

  KafkaAuthType(String saslMechanism) {
    this.saslMechanism = saslMechanism;
  }

  /** The SASL mechanism name, or null when this type does not use SASL. */
  public String saslMechanism() {
    return saslMechanism;
  }
}
