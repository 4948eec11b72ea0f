package io.dsqlcdc.capture.kinesis;

import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/** Which Kinesis errors mean "too many requests, try again later" rather than a failure. */
final class Throttling {
  private Throttling() {
  }

  static boolean isThrottle(KinesisException e) {
    return e instanceof ProvisionedThroughputExceededException || e instanceof LimitExceededException
        || e instanceof KmsThrottlingException;
  }
}
