package io.dsqlcdc.capture.aws;

/** What the AWS SDK's errors mean, wherever they surface (DSQL auth tokens, MSK IAM logins). */
public final class AwsErrors {
  /** What the AWS SDK's credentials chain says when no provider has credentials. */
  static final String NO_CREDENTIALS_MESSAGE = "Unable to load credentials";

  private AwsErrors() {
  }

  /**
   * True when an error of the cause chain says the credentials chain found none. Read from the messages: Kafka's
   * login keeps the SDK's exception by its text only (JAAS login exceptions carry no cause).
   */
  public static boolean missingCredentials(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(NO_CREDENTIALS_MESSAGE)) {
        return true;
      }
    }
    return false;
  }
}
