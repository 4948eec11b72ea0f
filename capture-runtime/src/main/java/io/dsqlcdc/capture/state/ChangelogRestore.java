package io.dsqlcdc.capture.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a table's store up to the committed end of its changelog: from the store's checkpoint when that is
 * consistent with the changelog (same topic, positions within what is committed), else from an empty store and the
 * changelog's beginning. Reads committed records only, so a zombie's aborted writes are never restored.
 */
public final class ChangelogRestore {
  private static final Logger LOG = LoggerFactory.getLogger(ChangelogRestore.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int BATCH = 10_000;
  private static final Duration MARKER_WAIT = Duration.ofSeconds(5);

  /** Progress while restoring. */
  public interface Listener {
    /** @param fromCheckpoint the store was kept and only the changelog's tail is read */
    void restored(boolean fromCheckpoint, long records, double recordsPerSecond);
  }

  /** What a restore did: from where, how many records, and the checkpoint it ends at. */
  public record Result(boolean fromCheckpoint, long records, Checkpoint checkpoint) {
  }

  private final Map<String, Object> consumerConfig;

  /** @param readCommittedConsumer byte-array consumer settings with isolation.level read_committed */
  public ChangelogRestore(Map<String, Object> readCommittedConsumer) {
    Map<String, Object> config = new HashMap<>(readCommittedConsumer);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000");
    // a compacted changelog is read end to end: large fetches keep the broker round trips out of the restore's time
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(32 << 20));
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumerConfig = config;
  }

  public Result restore(String topic, String topicId, KeyStateStore store, Listener listener) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
          .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
      consumer.assign(partitions);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
      Optional<Checkpoint> checkpoint = store.checkpoint();
      Map<TopicPartition, Long> end = committedEnd(consumer, partitions, checkpoint);
      Optional<Checkpoint> usable = checkpoint.filter(c -> consistent(c, topic, topicId, begin, end));
      if (usable.isEmpty()) {
        store.wipe();
      }
      for (TopicPartition p : partitions) {
        consumer.seek(p, usable.map(c -> c.positions().get(p.partition())).orElse(begin.get(p)));
      }
      long started = System.nanoTime();
      long records = 0;
      try (Writer writer = new Writer(store)) {
        List<StoredChange> batch = new ArrayList<>(BATCH);
        while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            batch.add(change(r));
            if (batch.size() == BATCH) {
              writer.write(batch);
              records += batch.size();
              batch = new ArrayList<>(BATCH);
              listener.restored(usable.isPresent(), records, rate(records, started));
            }
          }
        }
        writer.write(batch);
        records += batch.size();
        writer.finish();
      }
      listener.restored(usable.isPresent(), records, rate(records, started));
      Map<Integer, Long> positions = new HashMap<>();
      for (TopicPartition p : partitions) {
        positions.put(p.partition(), consumer.position(p, TIMEOUT));
      }
      Checkpoint reached = new Checkpoint(topicId, positions);
      store.checkpoint(reached);
      return new Result(usable.isPresent(), records, reached);
    }
  }

  /**
   * The last stable offsets (with read_committed, the end offsets). The markers of the transactions an earlier
   * runtime committed, or that fencing aborted, land shortly after: until then a checkpoint may look ahead of the
   * committed end, so that end is read again for a few seconds before the checkpoint is judged.
   */
  private static Map<TopicPartition, Long> committedEnd(KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions, Optional<Checkpoint> checkpoint) {
    long deadline = System.nanoTime() + MARKER_WAIT.toNanos();
    while (true) {
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      boolean reached = checkpoint.map(c -> partitions.stream()
          .allMatch(p -> c.positions().getOrDefault(p.partition(), 0L) <= end.get(p))).orElse(true);
      if (reached || System.nanoTime() > deadline) {
        return end;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return end;
      }
    }
  }

  static StoredChange change(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() != null) {
      return new StoredChange(r.key(), r.value(), KeyStateCodec.cursorOf(r.value()));
    }
    Header cursor = r.headers().lastHeader(Changelog.CURSOR_HEADER);
    // a tombstone without its cursor indexes its version below every settled bound: pruned at once
    return new StoredChange(r.key(), null,
        cursor == null ? Long.MIN_VALUE : KeyStateCodec.cursorFromHeader(cursor.value()));
  }

  /**
   * Writes batches to the store on a thread of its own, at most one queued behind the one being written, so fetching
   * and decoding the next records overlaps the store's writes.
   */
  private static final class Writer implements AutoCloseable {
    private static final List<StoredChange> END = List.of();
    private final BlockingQueue<List<StoredChange>> queue = new ArrayBlockingQueue<>(1);
    private final Thread thread;
    private volatile RuntimeException failure;

    Writer(KeyStateStore store) {
      thread = new Thread(() -> {
        try {
          for (List<StoredChange> batch = queue.take(); batch != END; batch = queue.take()) {
            store.restore(batch);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          failure = e;
          queue.clear();
        }
      }, "changelog-restore-" + store.directory().getFileName());
      thread.setDaemon(true);
      thread.start();
    }

    void write(List<StoredChange> batch) {
      if (batch.isEmpty()) {
        return;
      }
      put(batch);
    }

    /** Waits until every batch is in the store; rethrows the store's failure. */
    void finish() {
      put(END);
      join();
      if (failure != null) {
        throw failure;
      }
    }

    private void put(List<StoredChange> batch) {
      try {
        while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
          if (failure != null || !thread.isAlive()) {
            throw failure != null ? failure : new IllegalStateException("the changelog restore's writer stopped");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while restoring the changelog", e);
      }
    }

    private void join() {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while restoring the changelog", e);
      }
    }

    /** On failure: stops the thread and waits for it, so the store is not written after the restore returned. */
    @Override
    public void close() {
      if (thread.isAlive()) {
        thread.interrupt();
        join();
      }
    }
  }

  private static boolean consistent(Checkpoint c, String topic, String topicId, Map<TopicPartition, Long> begin,
                                    Map<TopicPartition, Long> end) {
    String problem = null;
    if (!c.topicId().equals(topicId)) {
      problem = "it belongs to an earlier topic of that name (id " + c.topicId() + ", now " + topicId + ")";
    } else if (!c.positions().keySet().equals(end.keySet().stream().map(TopicPartition::partition)
        .collect(Collectors.toSet()))) {
      problem = "its partitions " + c.positions().keySet() + " are not the topic's";
    } else {
      for (TopicPartition p : end.keySet()) {
        long at = c.positions().get(p.partition());
        if (at > end.get(p)) {
          problem = "it is ahead of what is committed in partition " + p.partition() + " (" + at + " > " + end.get(p)
              + ")";
        } else if (at < begin.get(p)) {
          problem = "partition " + p.partition() + " was trimmed past it (" + at + " < " + begin.get(p) + ")";
        }
      }
    }
    if (problem != null) {
      LOG.warn("discarding the local state checkpoint for changelog {}: {}; restoring from the changelog alone",
          topic, problem);
    }
    return problem == null;
  }

  /** Records per second since {@code startedNanos} (a {@link System#nanoTime()}), for restore progress. */
  public static double rate(long records, long startedNanos) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    return seconds <= 0 ? 0 : records / seconds;
  }
}
