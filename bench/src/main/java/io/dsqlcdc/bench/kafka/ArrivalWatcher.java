package io.dsqlcdc.bench.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Waits for one row to be committed to a topic, reading read_committed from where the topic ended when the watcher
 * was made, so a topic of millions of earlier events costs nothing to skip.
 */
public final class ArrivalWatcher implements AutoCloseable {
  private final KafkaConsumer<String, String> consumer;

  public ArrivalWatcher(String bootstrapServers, String topic) {
    consumer = fromEnd(bootstrapServers, topic);
  }

  /** A read_committed consumer of every partition of the topic, positioned at its end. */
  static KafkaConsumer<String, String> fromEnd(String bootstrapServers, String topic) {
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
        new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(info -> new TopicPartition(topic, info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  /**
   * Returns when (nanoTime) the row with key {@code id} arrived.
   *
   * @param check throws when the subject died, so a dead subject fails fast instead of timing out
   */
  public long awaitRow(long id, Duration timeout, Runnable check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
        if (record.value() != null && CommittedWatcher.id(record.key()) == id) {
          return System.nanoTime();
        }
      }
      check.run();
    }
    throw new IllegalStateException("row " + id + " did not arrive within " + timeout.toSeconds() + " s");
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
