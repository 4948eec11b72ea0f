package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum KafkaAuthType {
  @JsonProperty("none") NONE(null),
  @JsonProperty("plain") PLAIN("PLAIN"),
  @JsonProperty("scram-sha-256") SCRAM_SHA_256("SCRAM-SHA-256"),
  @JsonProperty("scram-sha-512") SCRAM_SHA_512("SCRAM-SHA-512"),
  @JsonProperty("mtls") MTLS(null),
  /** Amazon MSK IAM access control: a SigV4-signed token from the pod's AWS identity, sent as SASL/OAUTHBEARER. */
  @JsonProperty("aws-msk-iam") AWS_MSK_IAM("OAUTHBEARER");

  private final String saslMechanism;

  KafkaAuthType(String saslMechanism) {
    this.saslMechanism = saslMechanism;
  }

  /** The SASL mechanism name, or null when this type does not use SASL. */
  public String saslMechanism() {
    return saslMechanism;
  }

  /** Whether the credentials are a user name and password from Secrets (the SASL types other than aws-msk-iam). */
  public boolean usesPasswordSecrets() {
    return saslMechanism != null && this != AWS_MSK_IAM;
  }
}
