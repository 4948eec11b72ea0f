package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Kafka client authentication; every credential comes from a Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.type) || !(self.type in ['plain', 'scram-sha-256', 'scram-sha-512']) || (has(self.usernameSecret) && has(self.passwordSecret))",
    message = "SASL authentication needs usernameSecret and passwordSecret")
@ValidationRule(value = "!has(self.type) || self.type != 'mtls' || (has(self.certificateSecret) && has(self.keySecret))",
    message = "mtls authentication needs certificateSecret and keySecret")
public record KafkaAuthentication(
    @JsonPropertyDescription("none (default), plain, scram-sha-256, scram-sha-512 or mtls.")
    KafkaAuthType type,
    @JsonPropertyDescription("SASL user name (for Confluent Cloud: the API key).")
    SecretKeyRef usernameSecret,
    @JsonPropertyDescription("SASL password (for Confluent Cloud: the API secret).")
    SecretKeyRef passwordSecret,
    @JsonPropertyDescription("PEM client certificate chain, for mtls.")
    SecretKeyRef certificateSecret,
    @JsonPropertyDescription("PEM private key (PKCS#8), for mtls.")
    SecretKeyRef keySecret) {

  public KafkaAuthentication {
    type = type == null ? KafkaAuthType.NONE : type;
  }

  public static KafkaAuthentication none() {
    return new KafkaAuthentication(KafkaAuthType.NONE, null, null, null, null);
  }

  public static KafkaAuthentication sasl(KafkaAuthType type, SecretKeyRef username, SecretKeyRef password) {
    return new KafkaAuthentication(type, username, password, null, null);
  }
}
