package io.dsqlcdc.capture.sink;

import io.dsqlcdc.api.status.ConnectionReasons;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;

/** Short reasons and messages for Kafka errors, as status shows them. */
public final class SinkErrors {
  private SinkErrors() {
  }

  public static String reason(Throwable error) {
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
  public static String describe(Throwable error, String saslMechanism) {
    Throwable cause = kafkaCause(error);
    String what = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (cause instanceof AuthenticationException) {
      return "authentication failed" + (saslMechanism == null ? "" : " (SASL " + saslMechanism + ")") + ": " + what
          + ": check the user name and password Secrets of spec.sink.authentication";
    }
    if (cause instanceof AuthorizationException) {
      return what + ": grant the pipeline's principal the topic, transactional id and group ACLs it needs";
    }
    if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
      return what + ": check spec.sink.bootstrapServers and that the brokers are reachable";
    }
    return what;
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
