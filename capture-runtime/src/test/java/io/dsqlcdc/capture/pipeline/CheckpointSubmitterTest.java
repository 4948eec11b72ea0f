package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.capture.changestream.CdcRecord;
import io.dsqlcdc.capture.event.SourceRow;
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
    commits.emitted(new Table("public.orders"));
    commits.emitted(new Table("public.items"));
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
    commits.emitted(new Table("public.orders"));
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
    assertThat(sent(2)).hasSize(2);
    assertThat(commits.checkpoint().shards()).isEqualTo(at("9"));
  }

  @Test
  void theLastSubmitOfASessionSendsAMovedCheckpointAtOnce() throws Exception {
    commits.submit(at("7"), false);
    commits.submit(at("8"), true);
    assertThat(sent(2)).hasSize(2);
    assertThat(commits.checkpoint().shards()).isEqualTo(at("8"));
  }

  /** A table whose submit sends its offset through the same writer, so the order is visible in the producer. */
  private final class Table implements StreamedTable {
    private final String name;

    Table(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void submit() throws InterruptedException {
      writer.submit(new TableBatch(name, List.of(), TableOffset.streamFrom(100), "__dsqlcdc-state.p." + name,
          List.of(), committed -> { }));
    }

    @Override
    public boolean handedOver() {
      return true;
    }

    @Override
    public boolean snapshotFloorAhead() {
      return false;
    }

    @Override
    public long snapshotFloorNanos() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Long highWater(String keyText) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SourceRow row(CdcRecord record) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean emit(SourceRow row, long commitNanos) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void streaming(Duration lag) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Long streamGapSinceMillis() {
      return null;
    }

    @Override
    public void streamGap(long sinceMillis, String message) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void failed(String reason, String message) {
      throw new UnsupportedOperationException();
    }
  }
}
