package io.dsqlcdc.operator;

import io.dsqlcdc.api.metrics.ProcessMetrics;
import io.dsqlcdc.api.spec.Durations;
import io.dsqlcdc.operator.config.OperatorConfig;
import io.dsqlcdc.operator.health.OperatorHttpServer;
import io.dsqlcdc.operator.metrics.ReconcileDurationBuckets;
import io.dsqlcdc.operator.observer.ServiceDnsResolver;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar operator.jar}: every option also reads an environment variable, as a Deployment sets them. */
@Command(name = "dsql-cdc-operator", mixinStandardHelpOptions = true,
    description = "Runs DsqlCdcPipeline resources as capture runtime Deployments and reports their state.")
public final class OperatorMain implements Callable<Integer> {

  @Option(names = "--namespaces", defaultValue = "${env:WATCH_NAMESPACES:-}",
      description = "Comma-separated namespaces to watch; empty = all (env WATCH_NAMESPACES).")
  String namespaces;

  @Option(names = "--runtime-image", defaultValue = "${env:RUNTIME_IMAGE:-" + OperatorConfig.DEFAULT_RUNTIME_IMAGE + "}",
      description = "Runtime image for pipelines that name none (env RUNTIME_IMAGE). Default: ${DEFAULT-VALUE}.")
  String runtimeImage;

  @Option(names = "--reobserve-interval", defaultValue = "${env:REOBSERVE_INTERVAL:-15s}",
      description = "How often each pipeline's runtime status is read again (env REOBSERVE_INTERVAL).")
  String reobserveInterval;

  @Option(names = "--runtime-status-timeout", defaultValue = "${env:RUNTIME_STATUS_TIMEOUT:-3s}",
      description = "Timeout of one GET /status to a runtime (env RUNTIME_STATUS_TIMEOUT).")
  String runtimeStatusTimeout;

  @Option(names = "--leader-election", defaultValue = "${env:LEADER_ELECTION:-true}", arity = "1",
      description = "Elect a leader through a Lease, for more than one replica (env LEADER_ELECTION).")
  boolean leaderElection;

  @Option(names = "--lease-name", defaultValue = "${env:LEASE_NAME:-dsql-cdc-operator}",
      description = "Name of the leader-election Lease (env LEASE_NAME).")
  String leaseName;

  @Option(names = "--lease-namespace", defaultValue = "${env:POD_NAMESPACE}",
      description = "Namespace of the Lease; default: the operator's own (env POD_NAMESPACE).")
  String leaseNamespace;

  @Option(names = "--http-port", defaultValue = "${env:HTTP_PORT:-" + OperatorConfig.DEFAULT_HTTP_PORT + "}",
      description = "Port of /healthz, /readyz and /metrics (env HTTP_PORT).")
  int httpPort;

  @Option(names = "--instance", defaultValue = "${env:POD_NAME:-${env:HOSTNAME:-dsql-cdc-operator}}",
      description = "This replica's identity, for the Lease and Events (env POD_NAME).")
  String instance;

  public static void main(String[] args) {
    System.exit(new CommandLine(new OperatorMain()).execute(args));
  }

  OperatorConfig config() {
    Set<String> watched = Arrays.stream(namespaces.split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    return new OperatorConfig(watched, runtimeImage, Durations.parse(reobserveInterval),
        Durations.parse(runtimeStatusTimeout),
        leaderElection ? new OperatorConfig.LeaderElection(leaseName, leaseNamespace) : null, httpPort);
  }

  @Override
  public Integer call() throws Exception {
    Running running = start();
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "shutdown"));
    // runs until the JVM is told to stop; the hook above then shuts down in order
    new CountDownLatch(1).await();
    return 0;
  }

  /** Connects to the API server the environment names (in a pod: its own), starts the operator and its HTTP server. */
  Running start() throws IOException {
    OperatorConfig config = config();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new ReconcileDurationBuckets());
    new ProcessMetrics().bindTo(registry);
    Config clientConfig = Config.autoConfigure(null);
    clientConfig.setUserAgent(userAgent(instance));
    KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig).build();
    PipelineOperator operator = PipelineOperator.start(client, config, new ServiceDnsResolver(), registry, instance);
    return new Running(client, operator, OperatorHttpServer.start(config.httpPort(), operator::isReady, registry));
  }

  /** How this replica names itself to the API server, so that audit logs tell the replicas apart. */
  public static String userAgent(String instance) {
    return "dsql-cdc-operator/" + instance;
  }

  /** A started operator; closing it stops the HTTP server, then the operator, then the client. */
  record Running(KubernetesClient client, PipelineOperator operator, OperatorHttpServer http) implements AutoCloseable {
    @Override
    public void close() {
      http.close();
      operator.close();
      client.close();
    }
  }
}
