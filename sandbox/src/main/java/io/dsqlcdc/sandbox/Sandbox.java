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
import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The whole system on one machine: a real PostgreSQL (the DSQL stand-in: TLS, password auth, a non-superuser
 * capture role) behind a fault proxy, a real Kafka broker with a SASL/PLAIN listener, the Kubernetes mock API with
 * the CRD, the operator, and a local pod runner that runs each runtime Deployment as a child process.
 *
 * <p>The sandbox stands in for a cluster's network too: every pipeline written to its API, by kubectl or any other
 * client, is pointed at the sandbox's PostgreSQL (through the fault proxy, trusting the CA it generated) and its
 * Kafka listener by a mutating admission step, the way a cluster's DNS and mounted CA would make the sample's
 * addresses work. The namespace {@value #NAMESPACE} and the Secrets the sample refers to exist from the start.
 *
 * <p>In {@link SandboxMode#STREAM} a local Kinesis emulator runs too, with the stream {@value #STREAM_NAME} that
 * stands in for DSQL's change stream: a pipeline's {@code source.changeStream.endpoint} is pointed at the emulator,
 * and every pod gets the emulator's credentials in its environment, as a cluster's pod identity would give it AWS
 * credentials (never in the resource).
 */
public final class Sandbox implements AutoCloseable {
  public static final String KAFKA_USER = "sandbox";
  public static final String POSTGRES_SECRET = "sandbox-postgres";
  public static final String KAFKA_SECRET = "sandbox-kafka";
  /** The namespace of samples/sandbox.yaml, created with its Secrets at start. */
  public static final String NAMESPACE = "sandbox";
  /** Stream mode: the Kinesis stream standing in for DSQL's change stream, named in samples/sandbox-stream.yaml. */
  public static final String STREAM_NAME = "sandbox-dsql-cdc";
  static final int STREAM_SHARDS = 2;
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final String kafkaPassword = UUID.randomUUID().toString();
  private final SandboxMode mode;
  private KinesisLocal kinesis;
  private PostgresExtension postgres;
  private FaultProxy sourceProxy;
  private KafkaExtension kafka;
  private KubernetesMockExtension kubernetes;
  private KubernetesClient client;
  private LocalPodRunner pods;
  private Path podsDir;

  private Sandbox(SandboxMode mode) {
    this.mode = mode;
  }

  /**
   * Starts every component of poll mode; {@code reobserveInterval} is how often the operator reads each runtime's
   * /status.
   */
  public static Sandbox start(Duration reobserveInterval) {
    return start(reobserveInterval, SandboxMode.POLL);
  }

  /**
   * Starts every component of the mode; stream mode needs Node.js and npm for the Kinesis emulator
   * ({@link KinesisLocal#missingPrerequisites()}).
   */
  public static Sandbox start(Duration reobserveInterval, SandboxMode mode) {
    Sandbox sandbox = new Sandbox(mode);
    try {
      sandbox.startComponents(reobserveInterval);
      return sandbox;
    } catch (RuntimeException | Error e) {
      sandbox.close();
      throw e;
    }
  }

  private void startComponents(Duration reobserveInterval) {
    Map<String, String> podIdentity = Map.of();
    if (mode == SandboxMode.STREAM) {
      kinesis = started(KinesisLocal.perClass());
      kinesis.start();
      kinesis.createStream(STREAM_NAME, STREAM_SHARDS);
      podIdentity = Map.of("AWS_ACCESS_KEY_ID", kinesis.credentials().accessKeyId(),
          "AWS_SECRET_ACCESS_KEY", kinesis.credentials().secretAccessKey());
    }
    postgres = started(PostgresExtension.perClass());
    postgres.start();
    DemoSchema.create(postgres);
    sourceProxy = started(FaultProxy.start(postgres.host(), postgres.port()));
    kafka = started(KafkaExtension.builder().saslPlainUser(KAFKA_USER, kafkaPassword).build());
    kafka.start();
    kubernetes = started(KubernetesMockExtension.create().withAdmission("dsqlcdcpipelines", this::pointAtStandIns));
    kubernetes.start();
    client = started(kubernetes.newClient());
    prepareNamespace(NAMESPACE);
    podsDir = tempDir();
    ImageCommands images = new ImageCommands()
        .javaMain("capture-runtime", System.getProperty("java.class.path"), "io.dsqlcdc.capture.CaptureRuntimeMain");
    pods = started(new LocalPodRunner(client, images, podsDir, podIdentity));
    pods.start();
    OperatorConfig config = new OperatorConfig(Set.of(), OperatorConfig.DEFAULT_RUNTIME_IMAGE, reobserveInterval,
        Duration.ofSeconds(2), null, 0);
    started(PipelineOperator.start(client, config, new LocalRuntimeResolver(pods), new SimpleMeterRegistry(),
        "sandbox-operator"));
  }

  /**
   * Applies a pipeline file as {@code kubectl apply} would (recording it as the last applied configuration, so
   * that a later {@code kubectl apply} of the file merges with it), after creating its namespace and Secrets.
   */
  public DsqlCdcPipeline apply(Path pipelineYaml) {
    ObjectNode pipeline = read(pipelineYaml);
    ObjectNode applied = pipeline.deepCopy();
    pipeline.with("metadata").with("annotations").put(LAST_APPLIED, applied.toString());
    return apply(pipeline);
  }

  /** A pipeline file as written, before the sandbox points it at its stand-ins. */
  public static ObjectNode read(Path pipelineYaml) {
    try {
      return (ObjectNode) YAML.readTree(pipelineYaml.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates the pipeline's namespace and the Secrets it references, then creates or updates the pipeline. */
  public DsqlCdcPipeline apply(ObjectNode pipeline) {
    DsqlCdcPipeline resource = YAML.convertValue(pipeline, DsqlCdcPipeline.class);
    prepareNamespace(resource.getMetadata().getNamespace());
    return client.resource(resource).createOr(op -> op.update());
  }

  private void prepareNamespace(String namespace) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .createOr(op -> op.update());
    writeSecret(namespace, POSTGRES_SECRET, Map.of("password", postgres.capturePassword()));
    writeSecret(namespace, KAFKA_SECRET, Map.of("username", KAFKA_USER, "password", kafkaPassword));
  }

  /**
   * The admission step: the pipeline's source and sink addresses (and in stream mode its Kinesis endpoint) become
   * the sandbox's stand-ins.
   */
  private ObjectNode pointAtStandIns(ObjectNode pipeline) {
    if (!(pipeline.get("spec") instanceof ObjectNode spec)) {
      return pipeline;
    }
    if (spec.get("source") instanceof ObjectNode source) {
      source.putArray("endpoints").add("localhost");
      source.put("port", sourceProxy.port());
      source.with("tls").put("caFile", postgres.caCertificateFile().toString());
    }
    if (kinesis != null && spec.get("source") instanceof ObjectNode source
        && source.get("changeStream") instanceof ObjectNode changeStream) {
      changeStream.put("endpoint", kinesis.endpoint().toString());
    }
    if (spec.get("sink") instanceof ObjectNode sink) {
      sink.put("bootstrapServers", kafka.saslBootstrapServers());
    }
    return pipeline;
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

  public SandboxMode mode() {
    return mode;
  }

  /** Stream mode's Kinesis emulator; absent in poll mode. */
  public Optional<KinesisLocal> kinesis() {
    return Optional.ofNullable(kinesis);
  }

  /** The demo's writes for this mode: plain SQL in poll mode, published to the stream in stream mode. */
  DemoWrites demoWrites() {
    return kinesis == null ? new SqlDemoWrites(postgres.superuserDataSource())
        : new StreamedDemoWrites(postgres.superuserDataSource(), kinesis.client(), STREAM_NAME);
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

  /** Writes a kubeconfig for kubectl pointing at the sandbox's API, with {@value #NAMESPACE} as its namespace. */
  public Path writeKubeconfig(Path file) {
    return kubernetes.writeKubeconfig(file.toAbsolutePath(), "dsqlcdc-sandbox", NAMESPACE);
  }

  /** Where the pod runner keeps each pod's work directory and {@code container.log}. */
  public Path podsDir() {
    return podsDir;
  }

  public LocalPodRunner pods() {
    return pods;
  }

  /** Kafka client settings of the sandbox's SASL listener, for consumers of the captured topics. */
  public Map<String, Object> kafkaClientProperties() {
    return kafka.saslClientProperties(KAFKA_USER, kafkaPassword);
  }

  /** Deletes a pipeline; the mock API's garbage collector deletes what it owns, so its runtime process stops. */
  public void delete(String namespace, String name) {
    DsqlCdcPipeline pipeline = pipeline(namespace, name);
    if (pipeline != null) {
      client.resource(pipeline).delete();
    }
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

  /** Stops everything in reverse order of start: operator, pods, API, Kafka, proxy, PostgreSQL, Kinesis. */
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
