package io.dsqlcdc.sandbox;

import java.nio.file.Path;

/** Where the sandbox's pipeline reads changes from. */
public enum SandboxMode {
  /** The runtime polls the demo tables in PostgreSQL. */
  POLL(Path.of("samples/sandbox.yaml")),
  /**
   * The runtime relays a Kinesis stream (the local emulator) that the demo writes are published to in DSQL's CDC
   * record format, as DSQL's change stream would.
   */
  STREAM(Path.of("samples/sandbox-stream.yaml"));

  private final Path samplePipeline;

  SandboxMode(Path samplePipeline) {
    this.samplePipeline = samplePipeline;
  }

  /** The pipeline the sandbox applies at start in this mode, relative to the repository root. */
  public Path samplePipeline() {
    return samplePipeline;
  }
}
