package io.dsqlcdc.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.operator.PipelineOperator;
import io.dsqlcdc.operator.config.OperatorConfig;
import io.dsqlcdc.sandbox.pods.ImageCommands;
import io.dsqlcdc.sandbox.pods.LocalPodRunner;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import io.dsqlcdc.testsupport.proxy.FaultProxy;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The whole system on one machine: a real PostgreSQL (the DSQL stand-in: TLS, password auth, a non-superuser
 * capture role) behind a fault proxy, a real Kafka broker with a SASL/PLAIN listener, the Kubernetes mock API with
 * the CRD, the operator, and a local pod runner that runs each runtime Deployment as a child process.
 */
public final class Sandbox implements AutoCloseable {
  public static final String KAFKA_USER = "sandbox";
  public static final String POSTGRES_SECRET = "sandbox-postgres";
  public static final String KAFKA_SECRET = "sandbox-kafka";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final String kafkaPassword = UUID.randomUUID().toString();
  private PostgresExtension postgres;
  private FaultProxy sourceProxy;
  private KafkaExtension kafka;
  private KubernetesMockExtension kubernetes;
  private KubernetesClient client;
  private LocalPodRunner pods;

  private Sandbox() {
  }

  /**
   * Starts every component; {@code reobserveInterval} is how often the operator reads each runtime's /status.
   */
  public static Sandbox start(Duration reobserveInterval) {
    Sandbox sandbox = new Sandbox();
    try {
      sandbox.startComponents(reobserveInterval);
      return sandbox;
    } catch (RuntimeException | Error e) {
      sandbox.close();
      throw e;
    }
  }

  private void startComponents(Duration reobserveInterval) {
    postgres = started(PostgresExtension.perClass());
    postgres.start();
    DemoSchema.create(postgres);
    sourceProxy = started(FaultProxy.start(postgres.host(), postgres.port()));
    kafka = started(KafkaExtension.builder().saslPlainUser(KAFKA_USER, kafkaPassword).build());
    kafka.start();
    kubernetes = started(KubernetesMockExtension.create());
    kubernetes.start();
    client = started(kubernetes.newClient());
    Path podsDir = tempDir();
    ImageCommands images = new ImageCommands()
        .javaMain("capture-runtime", System.getProperty("java.class.path"), "io.dsqlcdc.capture.CaptureRuntimeMain");
    pods = started(new LocalPodRunner(client, images, podsDir));
    pods.start();
    OperatorConfig config = new OperatorConfig(Set.of(), OperatorConfig.DEFAULT_RUNTIME_IMAGE, reobserveInterval,
        Duration.ofSeconds(2), null, 0);
    started(PipelineOperator.start(client, config, new LocalRuntimeResolver(pods), new SimpleMeterRegistry(),
        "sandbox-operator"));
  }

  /**
   * Creates the pipeline's namespace and the Secrets it references, then applies the pipeline with the sandbox's
   * live addresses in place of the sample's: source port (the fault proxy), CA file, Kafka's SASL listener.
   */
  public DsqlCdcPipeline apply(Path pipelineYaml) {
    try {
      return apply((ObjectNode) YAML.readTree(pipelineYaml.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public DsqlCdcPipeline apply(ObjectNode pipeline) {
    ObjectNode spec = (ObjectNode) pipeline.get("spec");
    ObjectNode source = (ObjectNode) spec.get("source");
    source.putArray("endpoints").add("localhost");
    source.put("port", sourceProxy.port());
    source.with("tls").put("caFile", postgres.caCertificateFile().toString());
    ((ObjectNode) spec.get("sink")).put("bootstrapServers", kafka.saslBootstrapServers());
    DsqlCdcPipeline resource = YAML.convertValue(pipeline, DsqlCdcPipeline.class);
    String namespace = resource.getMetadata().getNamespace();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .createOr(op -> op.update());
    writeSecret(namespace, POSTGRES_SECRET, Map.of("password", postgres.capturePassword()));
    writeSecret(namespace, KAFKA_SECRET, Map.of("username", KAFKA_USER, "password", kafkaPassword));
    return client.resource(resource).createOr(op -> op.update());
  }

  /**
   * Creates or replaces a Secret, e.g. to rotate (or break) a credential. Written as {@code data}, as a real API
   * server stores it (the mock keeps {@code stringData} as given).
   */
  public void writeSecret(String namespace, String name, Map<String, String> values) {
    Map<String, String> data = new TreeMap<>();
    values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name)
        .withNamespace(namespace).endMetadata().withData(data).build()).createOr(op -> op.update());
  }

  public String kafkaPassword() {
    return kafkaPassword;
  }

  public PostgresExtension postgres() {
    return postgres;
  }

  /** The proxy between every runtime and PostgreSQL: pause, cut or refuse it to act out a network failure. */
  public FaultProxy sourceProxy() {
    return sourceProxy;
  }

  public KafkaExtension kafka() {
    return kafka;
  }

  public KubernetesClient client() {
    return client;
  }

  public String kubernetesUrl() {
    return kubernetes.masterUrl();
  }

  public LocalPodRunner pods() {
    return pods;
  }

  /** Kafka client settings of the sandbox's SASL listener, for consumers of the captured topics. */
  public Map<String, Object> kafkaClientProperties() {
    return kafka.saslClientProperties(KAFKA_USER, kafkaPassword);
  }

  /**
   * Deletes a pipeline and, acting out Kubernetes' garbage collector (which the mock API lacks), every object it
   * owns, so its runtime process stops.
   */
  public void delete(String namespace, String name) {
    DsqlCdcPipeline pipeline = pipeline(namespace, name);
    if (pipeline == null) {
      return;
    }
    String uid = pipeline.getMetadata().getUid();
    client.resource(pipeline).delete();
    java.util.function.Predicate<io.fabric8.kubernetes.api.model.HasMetadata> owned = o ->
        o.getMetadata().getOwnerReferences() != null
            && o.getMetadata().getOwnerReferences().stream().anyMatch(r -> uid.equals(r.getUid()));
    client.apps().deployments().inNamespace(namespace).list().getItems().stream().filter(owned)
        .forEach(o -> client.resource(o).delete());
    client.services().inNamespace(namespace).list().getItems().stream().filter(owned)
        .forEach(o -> client.resource(o).delete());
    client.configMaps().inNamespace(namespace).list().getItems().stream().filter(owned)
        .forEach(o -> client.resource(o).delete());
    client.serviceAccounts().inNamespace(namespace).list().getItems().stream().filter(owned)
        .forEach(o -> client.resource(o).delete());
  }

  /** The current state of a pipeline resource. */
  public DsqlCdcPipeline pipeline(String namespace, String name) {
    return client.resources(DsqlCdcPipeline.class).inNamespace(namespace).withName(name).get();
  }


  private <T extends AutoCloseable> T started(T component) {
    started.push(component);
    return component;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("dsqlcdc-sandbox-pods-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops everything in reverse order of start: operator, pods, API, Kafka, proxy, PostgreSQL. */
  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        System.err.println("sandbox: stopping a component failed: " + e);
      }
    }
  }
}
