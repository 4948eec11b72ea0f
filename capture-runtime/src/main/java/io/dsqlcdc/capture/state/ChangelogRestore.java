package io.dsqlcdc.capture.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
      List<StateChange> batch = new ArrayList<>(BATCH);
      while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          batch.add(change(r));
          if (batch.size() == BATCH) {
            store.restore(batch);
            records += batch.size();
            batch.clear();
            listener.restored(usable.isPresent(), records, rate(records, started));
          }
        }
      }
      store.restore(batch);
      records += batch.size();
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

  static StateChange change(ConsumerRecord<byte[], byte[]> r) {
    String key = KeyStateCodec.keyText(r.key());
    if (r.value() != null) {
      KeyState state = KeyStateCodec.decode(r.value());
      return new StateChange(key, state.cursorMicros(), state);
    }
    Header cursor = r.headers().lastHeader(Changelog.CURSOR_HEADER);
    // a tombstone without its cursor indexes its version below every settled bound: pruned at once
    return StateChange.deleted(key, cursor == null ? Long.MIN_VALUE : KeyStateCodec.cursorFromHeader(cursor.value()));
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
