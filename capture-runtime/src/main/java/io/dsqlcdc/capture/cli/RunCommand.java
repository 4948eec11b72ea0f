package io.dsqlcdc.capture.cli;

import io.dsqlcdc.api.spec.RuntimeSpec;
import io.dsqlcdc.capture.pipeline.CapturePipeline;
import io.dsqlcdc.capture.config.ConfigException;
import io.dsqlcdc.capture.config.ConfigLoader;
import io.dsqlcdc.capture.config.PipelineConfig;
import io.dsqlcdc.capture.http.RuntimeHttpServer;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.sink.FencedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code run --config FILE [--http-port N] [--state-dir DIR]}: captures until SIGTERM (exit 0), a fence (3) or a failure (1). */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = RuntimeVersionProvider.class,
    description = "Run the pipeline described by a DsqlCdcPipeline resource (or its spec) in FILE.")
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "YAML: a DsqlCdcPipeline resource or its spec; values may use $${env:NAME}.")
  Path config;

  @Option(names = "--http-port", paramLabel = "N",
      description = "Port of /healthz, /readyz, /status and /metrics (default: spec.runtime.httpPort, else 8080).")
  Integer httpPort;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Directory of the tables' state stores (RocksDB, one directory per table). Kept across restarts,"
          + " a restart reads only the changelog written since; lost, the state is restored from the changelog topics."
          + " Default: <java.io.tmpdir>/dsqlcdc-state/<pipeline>.")
  Path stateDir;

  @Override
  public Integer call() throws Exception {
    PipelineConfig pipelineConfig;
    try {
      pipelineConfig = ConfigLoader.fromSystemEnvironment().load(config);
    } catch (ConfigException e) {
      System.err.println("invalid config " + config + ": " + e.getMessage());
      return ExitCodes.INVALID_CONFIG;
    }
    int port = httpPort != null ? httpPort
        : pipelineConfig.spec().runtime() != null ? pipelineConfig.spec().runtime().httpPort()
        : RuntimeSpec.DEFAULT_HTTP_PORT;
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    Path stateDirectory = stateDir != null ? stateDir : pipelineConfig.identity().defaultStateDirectory();
    try (CaptureMetrics metrics = new CaptureMetrics(pipelineConfig.identity().display());
         CapturePipeline pipeline = new CapturePipeline(pipelineConfig, metrics, stateDirectory);
         RuntimeHttpServer http = new RuntimeHttpServer(port, pipeline.status(), metrics)) {
      LOG.info("serving /healthz, /readyz, /status, /metrics on port {}", http.port());
      try {
        if (!pipeline.start(stop)) {
          LOG.info("stop requested before the pipeline could connect");
          return ExitCodes.OK;
        }
      } catch (ConfigException e) {
        System.err.println("invalid config " + config + ": " + e.getMessage());
        return ExitCodes.INVALID_CONFIG;
      } catch (FencedException e) {
        System.err.println(e.getMessage());
        return ExitCodes.FENCED;
      }
      while (stop.getCount() > 0) {
        RuntimeException failure = pipeline.awaitFailure(Duration.ofMillis(200));
        if (failure != null) {
          System.err.println(failure.getMessage());
          return failure instanceof FencedException ? ExitCodes.FENCED : ExitCodes.FAILED;
        }
      }
      LOG.info("stop requested: finishing the open transaction");
    }
    return ExitCodes.OK;
  }
}
