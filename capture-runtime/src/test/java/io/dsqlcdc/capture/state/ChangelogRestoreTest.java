package io.dsqlcdc.capture.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Restores against a real broker: committed records only, from a checkpoint or from the beginning. */
class ChangelogRestoreTest {
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();
  static final AtomicInteger TOPICS = new AtomicInteger();

  @TempDir
  Path dir;

  private final String topic = "__dsqlcdc-state.restore-test." + TOPICS.incrementAndGet();

  private ChangelogRestore restore() {
    Map<String, Object> consumer = new HashMap<>();
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new ChangelogRestore(consumer);
  }

  private ChangelogRestore.Result restoreInto(KeyStateStore store) throws Exception {
    return restore().restore(topic, topicId(), store, (fromCheckpoint, records, rate) -> { });
  }

  private String topicId() throws Exception {
    return kafka.adminClient().describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
        .topicId().toString();
  }

  /** Writes the changes in one transaction, committed or aborted. */
  private void write(List<StateChange> changes, boolean commit) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "restore-test-" + topic);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      producer.initTransactions();
      producer.beginTransaction();
      for (StateChange c : changes) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, KeyStateCodec.key(c.keyText()),
            c.live() ? KeyStateCodec.encode(c.state()) : null);
        if (!c.live()) {
          r.headers().add(Changelog.CURSOR_HEADER, KeyStateCodec.cursorHeader(c.cursorMicros()));
        }
        producer.send(r);
      }
      if (commit) {
        producer.commitTransaction();
      } else {
        producer.flush();
        producer.abortTransaction();
      }
    }
  }

  private static List<StateChange> emitted(int from, int to, long cursor) {
    List<StateChange> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(StateChange.emitted("k" + i, cursor));
    }
    return out;
  }

  @Test
  void aNewDiskGetsEveryKeyFromTheChangelogAlone() throws Exception {
    kafka.createTopic(topic, 3);
    write(emitted(1, 100, 10), true);
    write(List.of(StateChange.emitted("k1", 20), StateChange.deleted("k2", 21)), true);
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      ChangelogRestore.Result result = restoreInto(store);
      assertThat(result.fromCheckpoint()).isFalse();
      assertThat(result.records()).isEqualTo(102);
      assertThat(store.get("k1")).isEqualTo(KeyState.emittedAt(20));
      assertThat(store.get("k2")).as("deleted").isNull();
      assertThat(store.get("k100")).isEqualTo(KeyState.emittedAt(10));
      assertThat(store.checkpoint()).contains(result.checkpoint());
      List<String> deletedVersions = new ArrayList<>();
      store.forEachVersion(21, (k, c) -> deletedVersions.add(k + "@" + c));
      assertThat(deletedVersions).as("a tombstone's cursor indexes its version").containsExactly("k2@21");
    }
  }

  @Test
  void aKeptDiskReadsOnlyTheChangelogWrittenAfterItsCheckpoint() throws Exception {
    kafka.createTopic(topic, 1);
    write(emitted(1, 50, 10), true);
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      restoreInto(store);
    }
    write(List.of(StateChange.deleted("k7", 30), StateChange.emitted("k51", 31)), true);
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      ChangelogRestore.Result result = restoreInto(store);
      assertThat(result.fromCheckpoint()).isTrue();
      assertThat(result.records()).isEqualTo(2);
      assertThat(store.get("k7")).isNull();
      assertThat(store.get("k51")).isNotNull();
      assertThat(store.get("k50")).as("kept from before the checkpoint").isNotNull();
    }
  }

  @Test
  void aCheckpointAheadOfTheCommittedChangelogIsDiscarded() throws Exception {
    kafka.createTopic(topic, 1);
    write(emitted(1, 10, 10), true);
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.apply(List.of(StateChange.emitted("never-committed", 5)));
      store.checkpoint(new Checkpoint(topicId(), Map.of(0, 1_000L)));
      ChangelogRestore.Result result = restoreInto(store);
      assertThat(result.fromCheckpoint()).isFalse();
      assertThat(result.records()).isEqualTo(10);
      assertThat(store.get("never-committed")).isNull();
    }
  }

  @Test
  void aCheckpointOfAnEarlierTopicOfTheSameNameIsDiscarded() throws Exception {
    kafka.createTopic(topic, 1);
    write(emitted(1, 10, 10), true);
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      store.apply(List.of(StateChange.emitted("from-the-old-topic", 5)));
      store.checkpoint(new Checkpoint("an-older-topic-id", Map.of(0, 0L)));
      ChangelogRestore.Result result = restoreInto(store);
      assertThat(result.fromCheckpoint()).isFalse();
      assertThat(store.get("from-the-old-topic")).isNull();
      assertThat(store.get("k10")).isNotNull();
    }
  }

  @Test
  void anAbortedTransactionIsNeverRestored() throws Exception {
    kafka.createTopic(topic, 1);
    write(emitted(1, 5, 10), true);
    write(List.of(StateChange.deleted("k1", 20), StateChange.emitted("zombie", 21)), false);
    try (KeyStateStore store = KeyStateStore.open(dir)) {
      restoreInto(store);
      assertThat(store.get("k1")).isNotNull();
      assertThat(store.get("zombie")).isNull();
    }
  }
}
