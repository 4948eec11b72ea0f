package io.dsqlcdc.bench.limits;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the machine allows without any capture logic: one plain JDBC full-table read, one plain Kafka producer. */
public final class RawLimits {
  private RawLimits() {
  }

  /** Reads every column of every row, streamed 1,000 rows per fetch in one read-only transaction; rows/s. */
  public static double jdbcFullRead(DataSource capture, String table, long expectedRows) throws SQLException {
    long start = System.nanoTime();
    long rows = 0;
    try (Connection connection = capture.getConnection()) {
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      try (Statement statement = connection.createStatement()) {
        statement.setFetchSize(1000);
        try (ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
          int columns = result.getMetaData().getColumnCount();
          while (result.next()) {
            for (int c = 1; c <= columns; c++) {
              result.getString(c);
            }
            rows++;
          }
        }
      }
      connection.commit();
    }
    if (rows != expectedRows) {
      throw new IllegalStateException("read " + rows + " rows of " + table + ", expected " + expectedRows);
    }
    return rows / ((System.nanoTime() - start) / 1e9);
  }

  /** Up to {@code max} committed records of a topic, as samples of real serialized events. */
  public static List<ConsumerRecord<String, String>> sample(String bootstrapServers, String topic, int max) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      // read_committed: the end offset is the last stable offset, so the topic is read to its committed end
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < max && consumer.position(partition) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records.subList(0, Math.min(max, records.size()));
    }
  }

  /**
   * Sends {@code count} records cycling through {@code samples} to {@code topic} with a default producer (acks=all,
   * no transactions) and waits for every acknowledgement; records/s.
   */
  public static double produce(String bootstrapServers, String topic, List<ConsumerRecord<String, String>> samples,
                               long count) throws InterruptedException {
    if (samples.isEmpty()) {
      throw new IllegalStateException("no sample events to produce");
    }
    AtomicReference<Exception> failure = new AtomicReference<>();
    long start = System.nanoTime();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(), new StringSerializer())) {
      for (long i = 0; i < count; i++) {
        ConsumerRecord<String, String> sample = samples.get((int) (i % samples.size()));
        producer.send(new ProducerRecord<>(topic, sample.key(), sample.value()), (meta, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("raw producer failed", failure.get());
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }
}
