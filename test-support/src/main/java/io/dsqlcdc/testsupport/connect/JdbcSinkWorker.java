package io.dsqlcdc.testsupport.connect;

import io.debezium.connector.jdbc.JdbcSinkConnectorTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.awaitility.Awaitility;

/**
 * Debezium's JDBC sink connector (the schema-aware consumer a team would put behind the pipeline) run in the test
 * JVM: a thread reads the given topics with {@code isolation.level=read_committed} from the start, converts each
 * record with Kafka Connect's {@link JsonConverter} ({@code schemas.enable=true}, the pipeline's
 * {@code sink.format.schemas: true}) and hands it to a real {@link JdbcSinkConnectorTask} writing into a target
 * database, as a Connect worker would (minus the REST API and group coordination, which the test does not need).
 *
 * <p>The sink runs with {@code insert.mode=upsert}, {@code delete.enabled=true},
 * {@code primary.key.mode=record_key} and {@code schema.evolution=basic} (it adds columns that appear in the
 * records), so after {@link #awaitCaughtUp(Duration)} the target tables equal what the events describe. Extra
 * connector properties (e.g. {@code collection.name.format}) override those defaults.
 */
public final class JdbcSinkWorker implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);

  private final List<String> topics;
  private final Map<String, String> taskProperties;
  private final Map<String, Object> consumerProperties;
  private final AtomicLong iterations = new AtomicLong();
  private final AtomicLong caughtUpIteration = new AtomicLong(-1);
  private final AtomicLong recordsWritten = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean stopping;

  private JdbcSinkWorker(String bootstrapServers, List<String> topics, Target target, Map<String, String> extra) {
    this.topics = List.copyOf(topics);
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
    properties.put("topics", String.join(",", topics));
    properties.put("connection.url", target.jdbcUrl());
    properties.put("connection.username", target.user());
    properties.put("connection.password", target.password());
    properties.put("insert.mode", "upsert");
    properties.put("delete.enabled", "true");
    properties.put("primary.key.mode", "record_key");
    properties.put("schema.evolution", "basic");
    properties.putAll(extra);
    this.taskProperties = Map.copyOf(properties);
    this.consumerProperties = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.CLIENT_ID_CONFIG, "jdbc-sink-worker-" + UUID.randomUUID(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.thread = new Thread(this::run, "jdbc-sink-worker");
    this.thread.setDaemon(true);
  }

  /** Where the sink writes: a JDBC URL (any sslmode the driver accepts) and a role that may create tables there. */
  public record Target(String jdbcUrl, String user, String password) {
    @Override
    public String toString() {
      return "Target[jdbcUrl=" + jdbcUrl + ", user=" + user + "]";
    }
  }

  /** Starts a sink for the topics (which may not exist yet) with the default properties. */
  public static JdbcSinkWorker start(String bootstrapServers, List<String> topics, Target target) {
    return start(bootstrapServers, topics, target, Map.of());
  }

  /** Starts a sink for the topics with extra connector properties overriding the defaults. */
  public static JdbcSinkWorker start(String bootstrapServers, List<String> topics, Target target,
      Map<String, String> connectorProperties) {
    JdbcSinkWorker worker = new JdbcSinkWorker(bootstrapServers, topics, target, connectorProperties);
    worker.thread.start();
    return worker;
  }

  /**
   * Waits until the sink has written every committed record of its topics that existed when this was called (each
   * topic exists and every partition is read up to its last stable offset); rethrows the task's failure.
   */
  public void awaitCaughtUp(Duration timeout) {
    long asked = iterations.get();
    Awaitility.await("JDBC sink caught up with " + topics).atMost(timeout).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          Throwable failed = failure.get();
          if (failed != null) {
            throw new IllegalStateException("JDBC sink failed: " + failed.getMessage(), failed);
          }
          return caughtUpIteration.get() > asked + 1;
        });
  }

  /** How many records (events and tombstones) the sink task has been handed so far. */
  public long recordsWritten() {
    return recordsWritten.get();
  }

  /** The task's failure, if it failed (the worker stops then, as a Connect task would). */
  public Throwable failure() {
    return failure.get();
  }

  @Override
  public void close() {
    stopping = true;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    JsonConverter keys = converter(true);
    JsonConverter values = converter(false);
    JdbcSinkConnectorTask task = new JdbcSinkConnectorTask();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties);
         Metrics metrics = new Metrics()) {
      task.initialize(new Context(taskProperties, consumer::assignment, new PluginMetricsImpl(metrics, Map.of())));
      task.start(taskProperties);
      try {
        while (!stopping) {
          long iteration = iterations.incrementAndGet();
          assignNewPartitions(consumer, task);
          List<SinkRecord> batch = new ArrayList<>();
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            batch.add(sinkRecord(record, keys, values));
          }
          task.put(batch);
          Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
          consumer.assignment().forEach(partition ->
              positions.put(partition, new OffsetAndMetadata(consumer.position(partition))));
          task.preCommit(positions);
          recordsWritten.addAndGet(batch.size());
          if (caughtUp(consumer)) {
            caughtUpIteration.set(iteration);
          }
        }
      } finally {
        task.stop();
      }
    } catch (Throwable e) {
      failure.set(e);
    }
  }

  private void assignNewPartitions(KafkaConsumer<byte[], byte[]> consumer, JdbcSinkConnectorTask task) {
    Set<TopicPartition> wanted = new HashSet<>(consumer.assignment());
    for (String topic : topics) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic);
      if (partitions != null) {
        partitions.forEach(partition -> wanted.add(new TopicPartition(topic, partition.partition())));
      }
    }
    if (!wanted.equals(consumer.assignment())) {
      Set<TopicPartition> added = new HashSet<>(wanted);
      added.removeAll(consumer.assignment());
      consumer.assign(wanted);
      consumer.seekToBeginning(added);
      task.open(added);
    }
  }

  private boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer) {
    Set<TopicPartition> assigned = consumer.assignment();
    if (topics.stream().anyMatch(topic -> assigned.stream().noneMatch(tp -> tp.topic().equals(topic)))) {
      return false;
    }
    Map<TopicPartition, Long> stable = consumer.endOffsets(assigned);
    return assigned.stream().allMatch(partition -> consumer.position(partition) >= stable.get(partition));
  }

  private static SinkRecord sinkRecord(ConsumerRecord<byte[], byte[]> record, JsonConverter keys,
      JsonConverter values) {
    SchemaAndValue key = keys.toConnectData(record.topic(), record.key());
    SchemaAndValue value = values.toConnectData(record.topic(), record.value());
    return new SinkRecord(record.topic(), record.partition(), key.schema(), key.value(), value.schema(),
        value.value(), record.offset(), record.timestamp(), record.timestampType());
  }

  private static JsonConverter converter(boolean isKey) {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "true"), isKey);
    return converter;
  }

  /** What a Connect worker gives a sink task; commits and pauses are the worker's business, so no-ops here. */
  private record Context(Map<String, String> configs, Supplier<Set<TopicPartition>> assigned,
      PluginMetrics pluginMetrics) implements SinkTaskContext {
    @Override
    public Set<TopicPartition> assignment() {
      return assigned.get();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
    }

    @Override
    public void offset(TopicPartition partition, long offset) {
    }

    @Override
    public void timeout(long timeoutMs) {
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
    }
  }
}
