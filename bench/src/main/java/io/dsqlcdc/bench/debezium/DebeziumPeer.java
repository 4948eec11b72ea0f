package io.dsqlcdc.bench.debezium;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.dsqlcdc.bench.environment.BenchEnvironment;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Debezium's PostgreSQL connector (logical replication, pgoutput) in its embedded engine, writing each batch to Kafka
 * with a plain kafka-clients producer and marking it processed only once Kafka acknowledged it, the way Debezium
 * Server's Kafka sink does. JSON converter without schemas and numeric as string, like the runtime's default format.
 */
public final class DebeziumPeer implements AutoCloseable {
  /**
   * Debezium's documented throughput settings raised (PostgreSQL connector reference, "Advanced configuration
   * properties"): {@code max.batch.size} (default 2048) is the most events handed over per batch,
   * {@code max.queue.size} (default 8192) the queue between the replication stream and the batches, to be kept
   * larger than the batch size; {@code poll.interval.ms} (default 500) how long each iteration waits for new events
   * before a batch; {@code snapshot.fetch.size} (default 10240) rows fetched per round trip in the snapshot.
   */
  public static final Map<String, String> THROUGHPUT = Map.of(
      "max.batch.size", "16384",
      "max.queue.size", "65536",
      "poll.interval.ms", "50",
      "snapshot.fetch.size", "20480");

  private final BenchEnvironment environment;
  private final String name;
  private final Map<String, String> tuning;
  private final KafkaProducer<String, String> producer;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private DebeziumEngine<ChangeEvent<String, String>> engine;

  /**
   * @param name the topic prefix; also names the replication slot and publication ({@code bench_<name>}, with
   *             {@code _} for {@code -})
   * @param tuning connector properties over the defaults: none, or {@link #THROUGHPUT}
   */
  public DebeziumPeer(BenchEnvironment environment, String name, Map<String, String> tuning) {
    this.environment = environment;
    this.name = name;
    this.tuning = Map.copyOf(tuning);
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        environment.kafka().bootstrapServers()), new StringSerializer(), new StringSerializer());
  }

  /** The topic Debezium writes a table's events to. */
  public String topic(String table) {
    return name + ".public." + table;
  }

  /**
   * Starts capturing {@code tables}: with {@code snapshot} an initial snapshot (returns at once), else streaming only
   * (no_data; returns once it streams, so rows committed afterwards are captured).
   */
  public DebeziumPeer start(List<String> tables, boolean snapshot) throws InterruptedException {
    PostgresExtension pg = environment.postgres();
    String slot = "bench_" + name.replace('-', '_');
    pg.execute("CREATE PUBLICATION " + slot + " FOR TABLE " + String.join(", ", tables));
    for (String table : tables) {
      environment.kafka().createTopic(topic(table), 1);
    }
    Properties props = new Properties();
    props.setProperty("name", slot);
    props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    props.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
    props.setProperty("offset.flush.interval.ms", "1000");
    props.setProperty("database.hostname", pg.host());
    props.setProperty("database.port", String.valueOf(pg.port()));
    props.setProperty("database.user", BenchEnvironment.DEBEZIUM_USER);
    props.setProperty("database.password", environment.debeziumPassword());
    props.setProperty("database.dbname", pg.database());
    props.setProperty("database.sslmode", "verify-full");
    props.setProperty("database.sslrootcert", pg.caCertificateFile().toString());
    props.setProperty("topic.prefix", name);
    props.setProperty("plugin.name", "pgoutput");
    props.setProperty("slot.name", slot);
    props.setProperty("slot.drop.on.stop", "true");
    props.setProperty("publication.name", slot);
    props.setProperty("publication.autocreate.mode", "disabled");
    props.setProperty("table.include.list", String.join(",", tables.stream().map(t -> "public." + t).toList()));
    props.setProperty("snapshot.mode", snapshot ? "initial" : "no_data");
    props.setProperty("decimal.handling.mode", "string");
    props.setProperty("converter.schemas.enable", "false");
    props.setProperty("key.converter.schemas.enable", "false");
    props.setProperty("value.converter.schemas.enable", "false");
    props.putAll(tuning);
    engine = DebeziumEngine.create(Json.class)
        .using(props)
        .using((success, message, error) -> {
          if (!success) {
            failure.compareAndSet(null, error != null ? error : new IllegalStateException(message));
          }
        })
        .notifying(this::handleBatch)
        .build();
    executor.execute(engine);
    if (!snapshot) {
      awaitStreaming(slot);
    }
    return this;
  }

  /** The slot turns active once Debezium streams from it; a row committed after that is captured. */
  private void awaitStreaming(String slot) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (environment.postgres().queryForLong(
        "SELECT count(*) FROM pg_replication_slots WHERE active AND slot_name = '" + slot + "'") == 0) {
      check();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Debezium did not stream from replication slot " + slot + " within 60 s");
      }
      Thread.sleep(50);
    }
  }

  private void handleBatch(List<ChangeEvent<String, String>> records,
                           DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer)
      throws InterruptedException {
    AtomicReference<Exception> sendFailure = new AtomicReference<>();
    int sent = 0;
    for (ChangeEvent<String, String> record : records) {
      if (record.value() != null) {
        producer.send(new ProducerRecord<>(record.destination(), record.key(), record.value()), (meta, error) -> {
          if (error != null) {
            sendFailure.compareAndSet(null, error);
          }
        });
        sent++;
      }
    }
    producer.flush();
    if (sendFailure.get() != null) {
      throw new IllegalStateException("Kafka rejected Debezium's records", sendFailure.get());
    }
    acknowledged.addAndGet(sent);
    for (ChangeEvent<String, String> record : records) {
      committer.markProcessed(record);
    }
    committer.markBatchFinished();
  }

  /** Records Kafka acknowledged so far. */
  public long acknowledged() {
    check();
    return acknowledged.get();
  }

  private void check() {
    if (failure.get() != null) {
      throw new IllegalStateException("Debezium failed: " + failure.get().getMessage(), failure.get());
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (engine != null) {
        engine.close();
      }
      executor.shutdown();
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } finally {
      producer.close(Duration.ofSeconds(10));
    }
  }
}
