package io.dsqlcdc.sandbox;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar sandbox/target/sandbox.jar}: the whole system on this machine, until Ctrl-C or --seconds. The
 * console gets one start-up block (what runs where, the kubeconfig line, how to stop) and then the pipelines'
 * progress; everything the libraries print goes to the log file.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
    description = "Runs PostgreSQL, Kafka, a Kubernetes API, the operator and the capture runtime locally, writes a "
        + "kubeconfig for kubectl, applies samples/sandbox.yaml (stream mode: samples/sandbox-stream.yaml), writes demo "
        + "rows and reports the pipeline's progress.")
public final class SandboxMain implements Callable<Integer> {
  /** The exit code when stream mode lacks what the Kinesis emulator needs. */
  static final int MISSING_PREREQUISITES = 3;

  private final PrintStream console;
  private final Supplier<List<String>> streamPrerequisitesMissing;

  @Spec
  CommandSpec spec;

  @Option(names = "--mode", defaultValue = "poll",
      description = "poll: the runtime polls PostgreSQL; stream: the demo writes are published to a local Kinesis "
          + "stream as DSQL's change stream and the runtime relays it (needs Node.js 20 and npm). "
          + "Default: ${DEFAULT-VALUE}.")
  SandboxMode mode;

  @Option(names = "--seconds", defaultValue = "0",
      description = "Stop after this many seconds and exit 0 (0 = run until Ctrl-C).")
  long seconds;

  @Option(names = "--pipeline", description = "The pipeline to apply at start (default: samples/sandbox.yaml, "
      + "in stream mode samples/sandbox-stream.yaml).")
  Path pipelineFile;

  @Option(names = "--no-apply", description = "Apply no pipeline at start: apply one yourself with kubectl.")
  boolean noApply;

  @Option(names = "--kubeconfig", defaultValue = "sandbox/kubeconfig",
      description = "Where to write the kubeconfig for kubectl (default: ${DEFAULT-VALUE}).")
  Path kubeconfig;

  @Option(names = "--log", defaultValue = "sandbox/sandbox.log",
      description = "Where the libraries' output goes (default: ${DEFAULT-VALUE}).")
  Path logFile;

  @Option(names = "--refresh", defaultValue = "3", description = "Seconds between two progress checks.")
  long refreshSeconds;

  /** {@code streamPrerequisitesMissing}: what the machine lacks for stream mode, one line each (none: empty). */
  SandboxMain(PrintStream console, Supplier<List<String>> streamPrerequisitesMissing) {
    this.console = console;
    this.streamPrerequisitesMissing = streamPrerequisitesMissing;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new SandboxMain(System.out, KinesisLocal::missingPrerequisites)).execute(args));
  }

  static CommandLine commandLine(SandboxMain main) {
    return new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public Integer call() throws Exception {
    if (mode == SandboxMode.STREAM) {
      List<String> missing = streamPrerequisitesMissing.get();
      if (!missing.isEmpty()) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("Stream mode runs a local Kinesis emulator (the npm package kinesis-local "
            + KinesisLocal.PACKAGE.version() + ") on Node.js, and this machine lacks:");
        missing.forEach(line -> err.println("  - " + line));
        err.println("Install Node.js 20 or later with npm (https://nodejs.org/en/download) so that `node` and `npm`"
            + " are on the PATH, then start the sandbox again; the first start installs kinesis-local with npm.");
        err.println("Poll mode (without --mode stream) needs neither.");
        err.flush();
        return MISSING_PREREQUISITES;
      }
    }
    if (pipelineFile == null) {
      pipelineFile = mode.samplePipeline();
    }
    Path log = logFile.toAbsolutePath();
    Files.createDirectories(log.getParent());
    PrintStream logStream = new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8);
    System.setOut(logStream);
    System.setErr(logStream);
    console.println("Starting " + (mode == SandboxMode.STREAM ? "the local Kinesis, " : "")
        + "PostgreSQL, Kafka, the Kubernetes API, the operator and the pod runner...");
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C: the main thread stops every component and says so; the JVM waits for that before it exits
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sandbox-shutdown"));
    try (Sandbox sandbox = Sandbox.start(Duration.ofSeconds(3), mode)) {
      Path config = sandbox.writeKubeconfig(kubeconfig);
      DsqlCdcPipeline pipeline = noApply ? null : sandbox.apply(pipelineFile);
      printStartUp(sandbox, config, log, pipeline);
      try (TrickleWriter writer = new TrickleWriter(sandbox.demoWrites());
           RecentEvents events = new RecentEvents(sandbox.kafkaClientProperties(), topicPrefix(pipeline), 1)) {
        writer.start(500);
        ProgressReport progress = new ProgressReport(console);
        long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        do {
          progress.show(sandbox, sandbox.client().resources(DsqlCdcPipeline.class).inAnyNamespace().list().getItems(),
              events);
        } while (System.nanoTime() < deadline && !stop.await(Math.min(refreshSeconds * 1000,
            Math.max(1, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS));
      }
    } finally {
      logStream.flush();
      console.println("Sandbox stopped.");
      console.flush();
      stopped.countDown();
    }
    return 0;
  }

  private void printStartUp(Sandbox sandbox, Path config, Path log, DsqlCdcPipeline pipeline) throws IOException {
    String block = """

        The sandbox runs on this machine:
          PostgreSQL (the DSQL stand-in)  %s:%d  TLS, password auth, capture role %s, behind a fault proxy on port %d
          Kafka (KRaft, SASL/PLAIN)       %s%s
          Kubernetes API (fabric8 mock)   %s  with the DsqlCdcPipeline CRD, namespace %s
          Operator                        in this process, watching all namespaces
          Capture runtime                 one local process per pipeline Deployment, logs under %s
          Library output                  %s

        Use kubectl with it:
          export KUBECONFIG=%s
          kubectl get dcp -w
        %s
        Stop with Ctrl-C.
        """.formatted(sandbox.postgres().host(), sandbox.postgres().port(), sandbox.postgres().captureUser(),
        sandbox.sourceProxy().port(), sandbox.kafka().saslBootstrapServers(), kinesisLine(sandbox),
        sandbox.kubernetesUrl(),
        Sandbox.NAMESPACE, sandbox.podsDir(), log, config,
        pipeline == null ? "Nothing applied yet: kubectl apply -f " + pipelineFile
            : "Applied " + pipelineFile + " as " + pipeline.getMetadata().getNamespace() + "/"
                + pipeline.getMetadata().getName() + "; demo rows are being written to demo.customers and demo.orders"
                + (mode == SandboxMode.STREAM ? ",\n  and published to the stream " + Sandbox.STREAM_NAME
                    + " as DSQL's change stream records." : "."));
    console.print(block);
    console.flush();
  }

  private static String kinesisLine(Sandbox sandbox) {
    return sandbox.kinesis().map(kinesis -> "\n  %-32s%s  stream %s (%d shards), the stand-in for DSQL's change stream"
        .formatted("Kinesis (kinesis-local " + KinesisLocal.PACKAGE.version() + ")", kinesis.endpoint(),
            Sandbox.STREAM_NAME, Sandbox.STREAM_SHARDS)).orElse("");
  }

  private String topicPrefix(DsqlCdcPipeline pipeline) {
    return pipeline != null ? pipeline.getSpec().sink().topicPrefix()
        : Sandbox.read(pipelineFile).at("/spec/sink/topicPrefix").asText();
  }
}
