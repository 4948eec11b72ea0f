package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.offsets.OffsetCodec;
import io.dsqlcdc.capture.offsets.ShardCheckpoint;
import io.dsqlcdc.capture.offsets.StreamCheckpoint;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.sink.TableBatch;
import io.dsqlcdc.capture.sink.TransactionalWriter;
import io.dsqlcdc.capture.status.StreamStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's commits through a real TransactionalWriter over Kafka's MockProducer. */
class CheckpointSubmitterTest {
  private static final String OFFSETS = "__dsqlcdc-offsets.p";
  private static final String ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/cdc";

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final TransactionalWriter writer = new TransactionalWriter(producer, "kafka:9092", "dsqlcdc-p", OFFSETS, 4,
      new CaptureMetrics());
  private long nanos;
  private final CheckpointSubmitter commits = new CheckpointSubmitter(StreamCheckpoint.startingAt(ARN, 1_000L),
      writer, new StreamStatus(ARN), () -> nanos);

  @BeforeEach
  void start() {
    writer.start();
  }

  @AfterEach
  void close() {
    writer.close();
  }

  private static Map<String, ShardCheckpoint> at(String sequence) {
    return Map.of("s1", ShardCheckpoint.after("s1", sequence, Instant.ofEpochMilli(5_000)));
  }

  /** The topics and keys sent, once {@code count} records were. */
  private List<String> sent(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() >= count);
    return producer.history().stream().map(r -> r.topic() + "/" + new String(r.key(), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void theCheckpointGoesOutAfterTheBatchOfEachTableThatEmitted() throws Exception {
    commits.emitted(table("public.orders"));
    commits.emitted(table("public.items"));
    commits.submit(at("7"), false);
    assertThat(sent(3)).containsExactly(OFFSETS + "/public.orders", OFFSETS + "/public.items",
        OFFSETS + "/" + OffsetCodec.STREAM_KEY);
    ProducerRecord<byte[], byte[]> checkpoint = producer.history().get(2);
    assertThat(OffsetCodec.decodeStream(checkpoint.value()).shards()).isEqualTo(at("7"));
    assertThat(commits.checkpoint().shards()).isEqualTo(at("7"));
  }

  @Test
  void aCheckpointWhereTheSessionResumedIsNotSubmittedAgain() throws Exception {
    commits.resumedAt(at("7"));
    commits.submit(at("7"), true);
    commits.emitted(table("public.orders"));
    commits.submit(at("7"), false);
    assertThat(sent(1)).containsExactly(OFFSETS + "/public.orders");
  }

  @Test
  void aCheckpointThatOnlyMovedGoesOutAtMostOnceAnInterval() throws Exception {
    commits.submit(at("7"), false);
    nanos += CheckpointSubmitter.CHECKPOINT_ONLY_INTERVAL.minusMillis(1).toNanos();
    commits.submit(at("8"), false);
    assertThat(commits.checkpoint().shards()).as("not yet").isEqualTo(at("7"));
    nanos += Duration.ofMillis(1).toNanos();
    commits.submit(at("9"), false);
    assertThat(commits.checkpoint().shards()).isEqualTo(at("9"));
    awaitCommitted(at("9"));
  }

  @Test
  void theLastSubmitOfASessionSendsAMovedCheckpointAtOnce() throws Exception {
    commits.submit(at("7"), false);
    commits.submit(at("8"), true);
    assertThat(commits.checkpoint().shards()).isEqualTo(at("8"));
    awaitCommitted(at("8"));
  }

  /** The writer may fold checkpoints submitted together into one transaction: the newest is what counts. */
  private void awaitCommitted(Map<String, ShardCheckpoint> shards) {
    await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().stream()
        .filter(r -> OffsetCodec.STREAM_KEY.equals(new String(r.key(), StandardCharsets.UTF_8)))
        .reduce((first, second) -> second)
        .map(r -> OffsetCodec.decodeStream(r.value()).shards().equals(shards)).orElse(false));
  }

  /** A table whose submit sends its offset through the same writer, so the order is visible in the producer. */
  private FakeStreamedTable table(String name) {
    return new FakeStreamedTable(name, () -> writer.submit(new TableBatch(name, List.of(),
        TableOffset.streamFrom(100), "__dsqlcdc-state.p." + name, List.of(), committed -> { })));
  }
}
