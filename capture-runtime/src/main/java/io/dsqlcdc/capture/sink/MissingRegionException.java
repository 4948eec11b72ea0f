package io.dsqlcdc.capture.sink;

import org.apache.kafka.common.KafkaException;

/**
 * No region to sign an MSK IAM token for: neither spec.sink.authentication.region, the broker names nor the pod's
 * environment say. A Kafka connection error like the others, so the runtime reports it and retries.
 */
public final class MissingRegionException extends KafkaException {
  public MissingRegionException() {
    super("no AWS region to sign the MSK IAM token for: set spec.sink.authentication.region (or AWS_REGION in the "
        + "pod's environment)");
  }
}
