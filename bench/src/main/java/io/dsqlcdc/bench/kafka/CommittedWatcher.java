package io.dsqlcdc.bench.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsqlcdc.bench.data.CommitLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics from the start with a read_committed consumer, as a downstream user would, and keeps: which row ids
 * arrived (by default the {@code id} field of the JSON key), how many events arrived twice, and, when a {@link CommitLog} is
 * given, each row's commit-to-visible latency.
 */
public final class CommittedWatcher implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaConsumer<String, String> consumer;
  private final CommitLog commits;
  private final ToLongFunction<ConsumerRecord<String, String>> idOf;
  private final Thread thread;
  private final BitSet seen = new BitSet();
  private final AtomicLong distinct = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final LatencyRecorder latencies = new LatencyRecorder();
  private volatile long measureFrom = Long.MIN_VALUE;
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  public CommittedWatcher(String bootstrapServers, List<String> topics, CommitLog commits) {
    this(bootstrapServers, topics, commits, record -> id(record.key()));
  }

  /** @param idOf the row id a record carries, for topics whose keys are not the row's JSON key */
  public CommittedWatcher(String bootstrapServers, List<String> topics, CommitLog commits,
                          ToLongFunction<ConsumerRecord<String, String>> idOf) {
    this.commits = commits;
    this.idOf = idOf;
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
        // the broker's long-poll wait is the watcher's, not the pipeline's: keep it out of the latency
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
        new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions = topics.stream()
        .flatMap(topic -> consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(topic, info.partition())))
        .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::consume, "committed-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void consume() {
    try {
      while (running) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
          long received = System.nanoTime();
          if (record.value() == null) {
            continue;
          }
          long id = idOf.applyAsLong(record);
          synchronized (seen) {
            if (seen.get((int) id)) {
              duplicates.incrementAndGet();
              continue;
            }
            seen.set((int) id);
          }
          distinct.incrementAndGet();
          long committed = commits == null ? 0 : commits.commitNanos(id);
          if (committed > 0 && committed >= measureFrom) {
            latencies.record(Math.max(0, received - committed));
          }
        }
      }
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** The row id in an event's JSON key, with or without the schema envelope. */
  static long id(String key) {
    try {
      JsonNode node = JSON.readTree(key);
      return (node.has("payload") ? node.get("payload") : node).get("id").asLong();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records latencies only of rows that committed at or after {@code nanoTime} (after a warm-up). */
  public void measureFrom(long nanoTime) {
    measureFrom = nanoTime;
  }

  /** Distinct row ids seen so far. */
  public long distinctRows() {
    check();
    return distinct.get();
  }

  public long duplicates() {
    return duplicates.get();
  }

  public LatencyRecorder latencies() {
    return latencies;
  }

  /** Waits until at least {@code rows} distinct rows arrived; returns when they did (nanoTime), or -1 on timeout. */
  public long awaitRows(long rows, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (distinctRows() < rows) {
      if (System.nanoTime() > deadline) {
        return -1;
      }
      Thread.sleep(20);
    }
    return System.nanoTime();
  }

  private void check() {
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
