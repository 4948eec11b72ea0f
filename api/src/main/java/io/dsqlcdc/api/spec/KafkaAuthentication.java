package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Kafka client authentication: credentials from Secrets, or for aws-msk-iam from the pod's AWS identity (IRSA, EKS
 * Pod Identity), never from the resource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.type) || !(self.type in ['plain', 'scram-sha-256', 'scram-sha-512']) || (has(self.usernameSecret) && has(self.passwordSecret))",
    message = "SASL authentication needs usernameSecret and passwordSecret")
@ValidationRule(value = "!has(self.type) || self.type != 'mtls' || (has(self.certificateSecret) && has(self.keySecret))",
    message = "mtls authentication needs certificateSecret and keySecret")
@ValidationRule(value = "!has(self.type) || self.type != 'aws-msk-iam' || !(has(self.usernameSecret) || has(self.passwordSecret) "
    + "|| has(self.certificateSecret) || has(self.keySecret))",
    message = "aws-msk-iam authentication takes no Secrets: its credentials come from the pod's AWS identity")
@ValidationRule(value = "!has(self.region) || (has(self.type) && self.type == 'aws-msk-iam')",
    message = "authentication.region applies only to type aws-msk-iam")
public record KafkaAuthentication(
    @JsonPropertyDescription("none (default), plain, scram-sha-256, scram-sha-512, mtls or aws-msk-iam (Amazon MSK IAM "
        + "access control with the pod's AWS credentials: IRSA, EKS Pod Identity or the default chain).")
    KafkaAuthType type,
    @JsonPropertyDescription("SASL user name (for Confluent Cloud: the API key).")
    SecretKeyRef usernameSecret,
    @JsonPropertyDescription("SASL password (for Confluent Cloud: the API secret).")
    SecretKeyRef passwordSecret,
    @JsonPropertyDescription("PEM client certificate chain, for mtls.")
    SecretKeyRef certificateSecret,
    @JsonPropertyDescription("PEM private key (PKCS#8), for mtls.")
    SecretKeyRef keySecret,
    @Pattern(SourceSpec.REGION_PATTERN)
    @JsonPropertyDescription("For aws-msk-iam: the MSK cluster's AWS region, which signs the token. Default: parsed "
        + "from MSK broker names (*.kafka.<region>.amazonaws.com), else the pod's region (AWS_REGION).")
    String region) {

  public KafkaAuthentication {
    type = type == null ? KafkaAuthType.NONE : type;
  }

  public static KafkaAuthentication none() {
    return new KafkaAuthentication(KafkaAuthType.NONE, null, null, null, null, null);
  }

  public static KafkaAuthentication sasl(KafkaAuthType type, SecretKeyRef username, SecretKeyRef password) {
    return new KafkaAuthentication(type, username, password, null, null, null);
  }
}
