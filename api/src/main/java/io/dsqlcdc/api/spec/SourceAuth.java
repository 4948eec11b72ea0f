package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** How the runtime logs in to the database. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.type) || self.type != 'password' || has(self.passwordSecret)",
    message = "auth.type password needs a passwordSecret")
@ValidationRule(value = "!has(self.type) || self.type == 'iam' || !has(self.roleArn)",
    message = "auth.roleArn applies only to auth.type iam")
public record SourceAuth(
    @Default("iam")
    @JsonPropertyDescription("iam (default): IAM auth tokens from the pod's AWS credentials; password: a password from a Secret.")
    SourceAuthType type,
    @Pattern(ROLE_ARN_PATTERN)
    @JsonPropertyDescription("IAM role the runtime's ServiceAccount assumes through IRSA.")
    String roleArn,
    @JsonPropertyDescription("Secret key holding the password, for auth.type password.")
    SecretKeyRef passwordSecret) {

  public static final String ROLE_ARN_PATTERN = "^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$";

  public SourceAuth {
    type = type == null ? SourceAuthType.IAM : type;
  }

  public static SourceAuth iam(String roleArn) {
    return new SourceAuth(SourceAuthType.IAM, roleArn, null);
  }

  public static SourceAuth password(SecretKeyRef passwordSecret) {
    return new SourceAuth(SourceAuthType.PASSWORD, null, passwordSecret);
  }
}
