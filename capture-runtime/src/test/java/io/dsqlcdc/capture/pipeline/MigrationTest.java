package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime upgraded over topics written before the state store existed (offsets without stateInChangelog, no
 * changelog topic) builds its state once from the event topic, and from then on from its changelog only.
 */
class MigrationTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  static final String TABLE = "migrated";
  static final String TOPIC = "mig.public." + TABLE;
  static final String OFFSETS = "__dsqlcdc-offsets.mig";
  static final String CHANGELOG = "__dsqlcdc-state.mig.public." + TABLE;

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @TempDir
  Path dir;

  /** Takes the committed state back to what runtimes before the store left: no changelog, an offset without it. */
  private void makeItLookWrittenByTheRuntimeBeforeTheStore() throws Exception {
    fixture.deleteTopic(CHANGELOG);
    List<ConsumerRecord<String, String>> offsets = kafka.readCommitted(OFFSETS);
    ObjectNode offset = (ObjectNode) PipelineFixture.JSON.readTree(offsets.get(offsets.size() - 1).value());
    assertThat(offset.remove("stateInChangelog").asBoolean()).isTrue();
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      producer.send(new ProducerRecord<>(OFFSETS, "public." + TABLE, offset.toString())).get(30, TimeUnit.SECONDS);
    }
  }

  private static String restoredFrom(CapturePipeline pipeline) {
    TableStatus t = pipeline.status().status().tables().get(0);
    return t.stateStore() == null ? null : t.stateStore().restoredFrom();
  }

  private List<Event> awaitEvents(int count) {
    return await().atMost(Duration.ofSeconds(60)).until(() -> fixture.events(kafka.readCommitted(TOPIC)),
        e -> e.size() >= count);
  }

  @Test
  void theStateIsBuiltFromTheEventTopicOnceAndFromTheChangelogEverAfter() throws Exception {
    pg.execute("CREATE TABLE " + TABLE + " (id int PRIMARY KEY, payload text, deleted_at timestamptz,"
        + " updated_at timestamptz NOT NULL DEFAULT now())");
    String yaml = fixture.yaml("mig", "[{name: " + TABLE + ", cursor: updated_at, softDelete: {column: deleted_at}}]",
        "{pollInterval: 100ms, maxPollInterval: 300ms, maxTransactionDuration: 3s}", "{}");
    try (CapturePipeline before = fixture.startStreaming(yaml, dir.resolve("first-disk"))) {
      pg.execute("INSERT INTO " + TABLE + " (id, payload) SELECT g, 'first' FROM generate_series(1, 40) g");
      awaitEvents(40);
    }
    makeItLookWrittenByTheRuntimeBeforeTheStore();

    try (CapturePipeline upgraded = fixture.startStreaming(yaml, dir.resolve("upgraded-disk"))) {
      assertThat(restoredFrom(upgraded)).isEqualTo("events");
      pg.execute("UPDATE " + TABLE + " SET payload = 'second', updated_at = now() WHERE id <= 10",
          "UPDATE " + TABLE + " SET deleted_at = now(), updated_at = now() WHERE id BETWEEN 11 AND 20");
      List<Event> events = awaitEvents(70).subList(40, 70);
      assertThat(events).filteredOn(e -> e.key().get("id").asInt() <= 10).extracting(Event::op).containsOnly("u");
      assertThat(events).filteredOn(e -> e.key().get("id").asInt() > 10).extracting(Event::op)
          .containsOnly("d", "tombstone");
    }
    assertThat(kafka.readCommitted(CHANGELOG)).as("every key's state, in the changelog").isNotEmpty();

    // the event topic trimmed and the disk lost: a replay of the topic would know none of the keys any more
    fixture.trim(TOPIC);
    try (CapturePipeline later = fixture.startStreaming(yaml, dir.resolve("third-disk"))) {
      assertThat(restoredFrom(later)).isEqualTo("changelog");
      pg.execute("UPDATE " + TABLE + " SET payload = 'third', updated_at = now() WHERE id BETWEEN 21 AND 30");
      await().atMost(Duration.ofSeconds(60)).during(Duration.ofSeconds(4))
          .until(() -> kafka.readCommitted(TOPIC).size() == 10);
      assertThat(fixture.events(kafka.readCommitted(TOPIC))).extracting(Event::op).containsOnly("u");
    }
  }
}
