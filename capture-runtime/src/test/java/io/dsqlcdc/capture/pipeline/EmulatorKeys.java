package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The runtime reads Kinesis with the SDK's default credentials chain: for an in-process pipeline, this sets the
 * emulator's static keys as the chain's system properties for the test class, and clears them after it.
 */
final class EmulatorKeys implements BeforeAllCallback, AfterAllCallback {
  private final KinesisLocal kinesis;

  EmulatorKeys(KinesisLocal kinesis) {
    this.kinesis = kinesis;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    System.setProperty("aws.accessKeyId", kinesis.credentials().accessKeyId());
    System.setProperty("aws.secretAccessKey", kinesis.credentials().secretAccessKey());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }
}
