package io.dsqlcdc.sandbox;

import io.dsqlcdc.api.DsqlCdcPipeline;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar sandbox/target/sandbox.jar}: the whole system on this machine, until Ctrl-C or --seconds. The
 * console gets one start-up block (what runs where, the kubeconfig line, how to stop) and then the pipelines'
 * progress; everything the libraries print goes to the log file.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
    description = "Runs PostgreSQL, Kafka, a Kubernetes API, the operator and the capture runtime locally, writes a "
        + "kubeconfig for kubectl, applies samples/sandbox.yaml, writes demo rows and reports the pipeline's progress.")
public final class SandboxMain implements Callable<Integer> {
  private final PrintStream console;

  @Option(names = "--seconds", defaultValue = "0",
      description = "Stop after this many seconds and exit 0 (0 = run until Ctrl-C).")
  long seconds;

  @Option(names = "--pipeline", defaultValue = "samples/sandbox.yaml", description = "The pipeline to apply at start.")
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

  SandboxMain(PrintStream console) {
    this.console = console;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SandboxMain(System.out)).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path log = logFile.toAbsolutePath();
    Files.createDirectories(log.getParent());
    PrintStream logStream = new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8);
    System.setOut(logStream);
    System.setErr(logStream);
    console.println("Starting PostgreSQL, Kafka, the Kubernetes API, the operator and the pod runner...");
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
    try (Sandbox sandbox = Sandbox.start(Duration.ofSeconds(3))) {
      Path config = sandbox.writeKubeconfig(kubeconfig);
      DsqlCdcPipeline pipeline = noApply ? null : sandbox.apply(pipelineFile);
      printStartUp(sandbox, config, log, pipeline);
      try (TrickleWriter writer = new TrickleWriter(sandbox.postgres().superuserDataSource());
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
          Kafka (KRaft, SASL/PLAIN)       %s
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
        sandbox.sourceProxy().port(), sandbox.kafka().saslBootstrapServers(), sandbox.kubernetesUrl(),
        Sandbox.NAMESPACE, sandbox.podsDir(), log, config,
        pipeline == null ? "Nothing applied yet: kubectl apply -f " + pipelineFile
            : "Applied " + pipelineFile + " as " + pipeline.getMetadata().getNamespace() + "/"
                + pipeline.getMetadata().getName() + "; demo rows are being written to demo.customers and demo.orders.");
    console.print(block);
    console.flush();
  }

  private String topicPrefix(DsqlCdcPipeline pipeline) {
    return pipeline != null ? pipeline.getSpec().sink().topicPrefix()
        : Sandbox.read(pipelineFile).at("/spec/sink/topicPrefix").asText();
  }
}
