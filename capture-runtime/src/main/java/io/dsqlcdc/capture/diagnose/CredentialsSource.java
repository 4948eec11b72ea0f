package io.dsqlcdc.capture.diagnose;

import java.util.Arrays;
import java.util.Map;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.useragent.BusinessMetricFeatureId;

/**
 * Where the SDK's credentials chain found credentials, in words (the SDK names the provider with the codes of its
 * {@link BusinessMetricFeatureId}s), and the role they stand for when the
 * environment says (IRSA sets {@code AWS_ROLE_ARN}). Holds neither the access key nor the secret.
 */
public record CredentialsSource(String source, String roleArn, boolean instanceRole) {
  private static final Map<BusinessMetricFeatureId, String> NAMES = Map.ofEntries(
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN, "IRSA web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)"),
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_STS_ASSUME_ROLE_WEB_ID, "STS AssumeRoleWithWebIdentity"),
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN, "profile web identity token"),
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_HTTP, "container credentials endpoint (EKS Pod Identity or ECS task role)"),
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_ENV_VARS, "environment variables (AWS_ACCESS_KEY_ID)"),
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_JVM_SYSTEM_PROPERTIES, "JVM system properties (aws.accessKeyId)"),
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_PROFILE, "profile file (~/.aws)"),
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_PROFILE_SOURCE_PROFILE, "profile file, source_profile"),
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_STS_ASSUME_ROLE, "STS AssumeRole"),
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_PROFILE_PROCESS, "profile credential_process"),
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_SSO, "IAM Identity Center (SSO)"),
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_PROFILE_SSO, "profile IAM Identity Center (SSO)"),
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_IMDS, "EC2 instance metadata (the node's instance role)"),
      Map.entry(BusinessMetricFeatureId.CREDENTIALS_CODE, "credentials given in code"));

  public static CredentialsSource of(AwsCredentials credentials, Function<String, String> env) {
    List<BusinessMetricFeatureId> ids = credentials.providerName().map(CredentialsSource::ids).orElse(List.of());
    String source = ids.isEmpty() ? credentials.providerName().orElse("an unnamed credentials provider")
        : ids.stream().map(id -> NAMES.getOrDefault(id, id.name())).collect(Collectors.joining(" via "));
    boolean imds = ids.contains(BusinessMetricFeatureId.CREDENTIALS_IMDS);
    String roleArn = env.apply("AWS_WEB_IDENTITY_TOKEN_FILE") != null ? env.apply("AWS_ROLE_ARN") : null;
    return new CredentialsSource(source, roleArn, imds);
  }

  private static List<BusinessMetricFeatureId> ids(String codes) {
    List<String> written = Arrays.asList(codes.split(","));
    return Arrays.stream(BusinessMetricFeatureId.values()).filter(id -> written.contains(id.value())).toList();
  }

  @Override
  public String toString() {
    return source + (roleArn == null ? "" : ", role " + roleArn);
  }
}
