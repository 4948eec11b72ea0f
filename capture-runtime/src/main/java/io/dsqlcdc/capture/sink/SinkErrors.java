package io.dsqlcdc.capture.sink;

import io.dsqlcdc.api.spec.KafkaAuthType;
import io.dsqlcdc.api.spec.SinkSpec;
import io.dsqlcdc.api.status.ConnectionReasons;
import io.dsqlcdc.capture.aws.AwsErrors;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;

/** What a Kafka error means (the one place the runtime classifies them): a status reason and what to do. */
public final class SinkErrors {
  private SinkErrors() {
  }

  public static String reason(Throwable error) {
    if (AwsErrors.missingCredentials(error)) {
      return ConnectionReasons.CREDENTIALS_NOT_FOUND;
    }
    if (kafkaCause(error) instanceof MissingRegionException) {
      return ConnectionReasons.REGION_UNKNOWN;
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
    if (AwsErrors.missingCredentials(error)) {
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

  /**
   * Why a Kafka transaction failed, with what to do where that is known. A send that failed makes the producer
   * refuse the commit "because we are in an error state"; the send's own error is that exception's cause, and it is
   * what the user needs to read.
   */
  public static String transactionFailure(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String what = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (root instanceof RecordTooLargeException) {
      return what + ": an event is larger than the producer or the topic accepts: raise spec.sink.producer's "
          + "max.request.size and create the topic with max.message.bytes as large (the runtime creates topics "
          + "with the broker's defaults)";
    }
    return root == error ? what : error.getMessage() + ": " + what;
  }

  /** True when the producer was fenced: a newer runtime of the pipeline registered the transactional id. */
  public static boolean isFencing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
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
