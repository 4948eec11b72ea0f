package io.dsqlcdc.testsupport.kafka;

import io.dsqlcdc.testsupport.Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller combined) for tests of the sink: transactions,
 * read_committed visibility, SASL/PLAIN credentials and broker restarts behave as on a managed Kafka.
 *
 * <p>{@link #inProcess()} runs it inside the test JVM (fast start); {@link #childProcess()} runs it as a child JVM
 * that {@link #stopBroker()} and {@link #startBroker()} take down and bring back on the same port and log
 * directory. {@link #builder()} adds a SASL_PLAINTEXT listener with PLAIN users, or a SASL_SSL listener that
 * checks Amazon MSK IAM tokens as MSK does. Everything (processes, ports,
 * log directories) is removed when the class or test ends, also after failures.
 */
public final class KafkaExtension extends Fixture {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final KafkaExtension SHARED = new KafkaExtension(new BrokerSettings(Map.of(), null), false, true);

  private final BrokerSettings settings;
  private final boolean childProcess;
  private Path workDir;
  private Broker broker;
  private Admin admin;

  private KafkaExtension(BrokerSettings settings, boolean childProcess, boolean sharedPerJvm) {
    super(sharedPerJvm);
    this.settings = settings;
    this.childProcess = childProcess;
  }

  /** A broker inside the test JVM, PLAINTEXT only. */
  public static KafkaExtension inProcess() {
    return builder().build();
  }

  /**
   * The one in-process PLAINTEXT broker shared by every test class of the JVM (started once, stopped when the test
   * run ends); tests must use their own topic names and transactional ids.
   */
  public static KafkaExtension shared() {
    return SHARED;
  }

  /** A broker in a child JVM that can be stopped and restarted, PLAINTEXT only. */
  public static KafkaExtension childProcess() {
    return builder().childProcess().build();
  }

  /** For a SASL listener or a child-process broker. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options of a {@link KafkaExtension}. */
  public static final class Builder {
    private final Map<String, String> saslPlainUsers = new LinkedHashMap<>();
    private MskIamListener mskIam;
    private boolean childProcess;

    private Builder() {
    }

    /** Runs the broker as a child JVM (for stop and restart). */
    public Builder childProcess() {
      childProcess = true;
      return this;
    }

    /** Adds a SASL_PLAINTEXT listener ({@link #saslBootstrapServers()}) accepting this PLAIN user. */
    public Builder saslPlainUser(String user, String password) {
      saslPlainUsers.put(user, password);
      return this;
    }

    /**
     * Adds a SASL_SSL listener ({@link #mskIamBootstrapServers()}, certificate from {@link #mskIamCaCertificatePem()})
     * that accepts Amazon MSK IAM tokens over SASL/OAUTHBEARER only when SigV4-signed for {@code kafka-cluster:Connect}
     * in {@code region} with this access key and its secret, as aws-msk-iam-auth signs them.
     */
    public Builder mskIam(String region, String accessKeyId, String secretAccessKey) {
      mskIam = MskIamListener.generate(region, accessKeyId, secretAccessKey);
      return this;
    }

    /** The configured extension; register it with {@code @RegisterExtension}. */
    public KafkaExtension build() {
      return new KafkaExtension(new BrokerSettings(saslPlainUsers, mskIam), childProcess, false);
    }
  }

  @Override
  protected void startFixture() throws Exception {
    workDir = Files.createTempDirectory("dsqlcdc-kafka-");
    broker = childProcess ? new ChildProcessBroker(settings, workDir) : new InProcessBroker(settings, workDir);
    broker.start();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  @Override
  protected void stopFixture() {
    try {
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
        admin = null;
      }
      if (broker != null) {
        broker.destroy();
        broker = null;
      }
    } finally {
      deleteRecursively(workDir);
      workDir = null;
    }
  }

  /** The PLAINTEXT listener, {@code host:port}. */
  public String bootstrapServers() {
    requireRunning();
    return broker.bootstrapServers();
  }

  /** The SASL_PLAINTEXT listener (PLAIN mechanism) when users were configured, else null. */
  public String saslBootstrapServers() {
    requireRunning();
    return broker.bootstrapServers(BrokerSettings.SASL_LISTENER);
  }

  /** The SASL_SSL listener for MSK IAM tokens when {@link Builder#mskIam} configured it, else null. */
  public String mskIamBootstrapServers() {
    requireRunning();
    return broker.bootstrapServers(MskIamListener.NAME);
  }

  /** The PEM certificate of the CA that issued the MSK IAM listener's certificate (for localhost and 127.0.0.1). */
  public String mskIamCaCertificatePem() {
    if (settings.mskIam() == null) {
      throw new IllegalStateException("no MSK IAM listener: build with KafkaExtension.builder().mskIam(...)");
    }
    return settings.mskIam().ca().certificatePem();
  }

  /** Client properties for the SASL listener with the given credentials (right or wrong). */
  public Map<String, Object> saslClientProperties(String user, String password) {
    String servers = saslBootstrapServers();
    if (servers == null) {
      throw new IllegalStateException("no SASL listener: build with KafkaExtension.builder().saslPlainUser(...)");
    }
    return Map.of(
        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers,
        CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
        SaslConfigs.SASL_MECHANISM, "PLAIN",
        SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + user + "\" password=\"" + password + "\";");
  }

  /** An admin client of the PLAINTEXT listener, owned by the fixture: do not close it. */
  public Admin adminClient() {
    requireRunning();
    return admin;
  }

  /** Creates a topic with replication factor 1 and waits until it exists. */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /** Creates a topic with replication factor 1 and these topic configs (e.g. max.message.bytes), and waits. */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    try {
      adminClient().createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
  }

  /**
   * Every committed record of the topic, read with isolation level read_committed from the start: aborted
   * transactions are invisible, tombstones come back with null values. Commit and abort markers reach the
   * partitions shortly after the producer's commit returns, so this first waits until no transaction is open on the
   * topic (last stable offset = high watermark); a test that holds a transaction open uses {@link #drain} instead.
   */
  public List<ConsumerRecord<String, String>> readCommitted(String topic) {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      List<TopicPartition> partitions = assignFromStart(consumer, topic);
      Map<TopicPartition, Long> end = Awaitility.await("no open transaction on " + topic).atMost(READ_TIMEOUT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> {
            Map<TopicPartition, Long> stable = endOffsets(partitions, IsolationLevel.READ_COMMITTED);
            return stable.equals(endOffsets(partitions, IsolationLevel.READ_UNCOMMITTED)) ? stable : null;
          }, Objects::nonNull);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " up to " + end + " within " + READ_TIMEOUT);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions, IsolationLevel isolation)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> latest = partitions.stream()
        .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
    return adminClient().listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(10, TimeUnit.SECONDS)
        .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
  }

  /**
   * Reads the topic read_committed from the start until at least {@code expectedCount} records arrived, and returns
   * all read; fails when fewer arrive within the timeout.
   */
  public List<ConsumerRecord<String, String>> drain(String topic, int expectedCount, Duration timeout) {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      assignFromStart(consumer, topic);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < expectedCount) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("expected " + expectedCount + " committed records in " + topic + " within "
              + timeout + " but got " + records.size());
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  /** Stops the child-process broker, keeping port and log directory (in-process brokers cannot). */
  public void stopBroker() {
    requireRunning();
    broker.stop();
  }

  /** Starts the child-process broker again after {@link #stopBroker()} and waits until it serves. */
  public void startBroker() {
    requireRunning();
    long begin = System.nanoTime();
    try {
      broker.start();
      LoggerFactory.getLogger(KafkaExtension.class).info("Kafka broker restarted in {} ms",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    } catch (Exception e) {
      throw new IllegalStateException("cannot restart the Kafka broker", e);
    }
  }

  private KafkaConsumer<String, String> consumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new StringDeserializer());
  }

  private static List<TopicPartition> assignFromStart(KafkaConsumer<String, String> consumer, String topic) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
        .map(info -> new TopicPartition(topic, info.partition()))
        .collect(Collectors.toList());
    if (partitions.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return partitions;
  }
}
