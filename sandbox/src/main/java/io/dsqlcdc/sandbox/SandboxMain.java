package io.dsqlcdc.sandbox;

import io.dsqlcdc.api.DsqlCdcPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar sandbox/target/sandbox.jar}: the whole system on this machine, until Ctrl-C or --seconds. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
    description = "Runs PostgreSQL, Kafka, the Kubernetes mock API, the operator and the capture runtime locally, "
        + "applies samples/sandbox.yaml, writes demo rows and shows what kubectl get dcp would show.")
public final class SandboxMain implements Callable<Integer> {

  @Option(names = "--seconds", defaultValue = "0",
      description = "Stop after this many seconds and exit 0 (0 = run until Ctrl-C).")
  long seconds;

  @Option(names = "--pipeline", defaultValue = "samples/sandbox.yaml", description = "The pipeline to apply.")
  Path pipelineFile;

  @Option(names = "--refresh", defaultValue = "3", description = "Seconds between two screens.")
  long refreshSeconds;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SandboxMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    System.out.println("Starting PostgreSQL, Kafka, the Kubernetes mock API, the operator and the pod runner...");
    CountDownLatch stop = new CountDownLatch(1);
    try (Sandbox sandbox = Sandbox.start(Duration.ofSeconds(3))) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stop.countDown();
        sandbox.close();
      }, "sandbox-shutdown"));
      DsqlCdcPipeline pipeline = sandbox.apply(pipelineFile);
      String prefix = pipeline.getSpec().sink().topicPrefix();
      System.out.println("Kubernetes API (fabric8 mock, CRUD mode): " + sandbox.kubernetesUrl());
      System.out.println("  point a Kubernetes client at it, e.g. fabric8's Config.withMasterUrl(\""
          + sandbox.kubernetesUrl() + "\")");
      System.out.println("PostgreSQL: " + sandbox.postgres().jdbcUrl("verify-full") + "  Kafka (SASL/PLAIN): "
          + sandbox.kafka().saslBootstrapServers());
      System.out.println("Applied " + pipelineFile + " as " + pipeline.getMetadata().getNamespace() + "/"
          + pipeline.getMetadata().getName() + "; writing demo rows to demo.customers and demo.orders.");
      try (TrickleWriter writer = new TrickleWriter(sandbox.postgres().superuserDataSource());
           RecentEvents events = new RecentEvents(sandbox.kafkaClientProperties(), prefix, 5)) {
        writer.start(500);
        long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
          print(sandbox, events);
          if (stop.await(Math.min(refreshSeconds * 1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
              TimeUnit.MILLISECONDS)) {
            break;
          }
        }
        print(sandbox, events);
      }
    }
    return 0;
  }

  private static void print(Sandbox sandbox, RecentEvents events) {
    List<DsqlCdcPipeline> pipelines = sandbox.client().resources(DsqlCdcPipeline.class).inAnyNamespace().list()
        .getItems();
    List<String> recent = events.poll();
    StringBuilder screen = new StringBuilder("\n$ kubectl get dcp -A    (" + Instant.now() + ")\n");
    screen.append(PipelineTable.render(pipelines, Instant.now()));
    for (DsqlCdcPipeline p : pipelines) {
      String namespace = p.getMetadata().getNamespace();
      String name = p.getMetadata().getName();
      screen.append("  ").append(name).append(": ").append(PipelineTable.conditions(p)).append('\n');
      if (!sandbox.pods().isReady(namespace, name)) {
        screen.append("  $ kubectl logs deployment/").append(name).append(" --tail 5\n");
        sandbox.pods().logTail(namespace, name, 5).forEach(line -> screen.append("    ").append(line).append('\n'));
      }
    }
    screen.append("Last events from Kafka (").append(events.seen()).append(" read so far):\n");
    recent.forEach(e -> screen.append("  ").append(e).append('\n'));
    System.out.print(screen);
    System.out.flush();
  }
}
