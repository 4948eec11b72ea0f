package io.dsqlcdc.capture.sink;

import io.dsqlcdc.api.spec.KafkaAuthType;
import io.dsqlcdc.api.spec.SinkSpec;
import io.dsqlcdc.api.status.ConnectionReasons;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;

/** Short reasons and messages for Kafka errors, as status shows them. */
public final class SinkErrors {
  /** The pod has no AWS credentials for aws-msk-iam authentication. */
  public static final String CREDENTIALS_NOT_FOUND = "CredentialsNotFound";
  /** Neither the spec, the broker names nor the pod's environment tell the region an MSK IAM token is signed for. */
  public static final String REGION_UNKNOWN = "RegionUnknown";
  /** What the AWS SDK's credentials chain says when no provider has credentials. */
  static final String SDK_NO_CREDENTIALS_MESSAGE = "Unable to load credentials";

  private SinkErrors() {
  }

  public static String reason(Throwable error) {
    if (missingCredentials(error)) {
      return CREDENTIALS_NOT_FOUND;
    }
    if (kafkaCause(error) instanceof MissingRegionException) {
      return REGION_UNKNOWN;
    }
    Throwable cause = kafkaCause(error);
    if (cause instanceof AuthenticationException) {
      return ConnectionReasons.AUTHENTICATION_FAILED;
    }
    if (cause instanceof AuthorizationException) {
      return ConnectionReasons.NOT_AUTHORIZED;
    }
    if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
      return ConnectionReasons.UNREACHABLE;
    }
    return ConnectionReasons.CONNECTION_FAILED;
  }

  /** What went wrong and what to do, never with a credential in it. */
  public static String describe(Throwable error, SinkSpec sink) {
    boolean iam = sink.authentication().type() == KafkaAuthType.AWS_MSK_IAM;
    if (missingCredentials(error)) {
      return "no AWS credentials for aws-msk-iam authentication: give the runtime's pod an IAM role (IRSA: "
          + "spec.source.auth.roleArn annotates its ServiceAccount; or EKS Pod Identity) whose policy allows "
          + "kafka-cluster:Connect on the cluster";
    }
    Throwable cause = kafkaCause(error);
    String what = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    String mechanism = sink.authentication().type().saslMechanism();
    if (cause instanceof AuthenticationException) {
      return "authentication failed" + (mechanism == null ? "" : " (SASL " + mechanism + ")") + ": " + what + ": "
          + (iam ? "the token was signed for region " + MskSigningRegion.ofSpec(sink).orElse("<the pod's AWS_REGION>")
              + ": it must be the cluster's (spec.sink.authentication.region), and the pod's IAM role must be allowed "
              + "kafka-cluster:Connect on the cluster"
              : "check the user name and password Secrets of spec.sink.authentication");
    }
    if (cause instanceof AuthorizationException) {
      return what + (iam ? ": allow the pod's IAM role kafka-cluster:* actions on the topics, transactional id and "
          + "groups of this pipeline (WriteData, DescribeTransactionalId, AlterTransactionalId, ...)"
          : ": grant the pipeline's principal the topic, transactional id and group ACLs it needs");
    }
    if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
      return what + ": check spec.sink.bootstrapServers and that the brokers are reachable";
    }
    return what;
  }

  /** Kafka's login wraps the SDK's exception by its text only (JAAS login exceptions carry no cause). */
  private static boolean missingCredentials(Throwable error) {
    return anyMessageContains(error, SDK_NO_CREDENTIALS_MESSAGE);
  }

  private static boolean anyMessageContains(Throwable error, String text) {
    for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(text)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable kafkaCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof AuthenticationException || t instanceof AuthorizationException || t instanceof TimeoutException
          || t instanceof java.util.concurrent.TimeoutException) {
        return t;
      }
      if (t.getCause() == null || t.getCause() == t) {
        return t;
      }
    }
    return error;
  }
}
