package io.dsqlcdc.capture.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.status.ConnectionReasons;
import io.dsqlcdc.capture.event.ChangeEvent;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.offsets.OffsetCodec;
import io.dsqlcdc.capture.offsets.ShardCheckpoint;
import io.dsqlcdc.capture.offsets.StreamCheckpoint;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.state.Changelog;
import io.dsqlcdc.capture.state.KeyState;
import io.dsqlcdc.capture.state.KeyStateCodec;
import io.dsqlcdc.capture.state.StateChange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransactionalWriterTest {
  static final String EVENTS = "p.public.t";
  static final String CHANGELOG = "__dsqlcdc-state.p.public.t";
  static final String OFFSETS = "__dsqlcdc-offsets.p";

  final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  final TransactionalWriter writer = new TransactionalWriter(producer, "kafka:9092", "dsqlcdc-p", OFFSETS, 4,
      new CaptureMetrics());

  @AfterEach
  void close() {
    writer.close();
  }

  private static TableBatch batch(AtomicReference<Map<Integer, Long>> committed) {
    ChangeEvent created = new ChangeEvent(EVENTS, "{\"id\":1}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(),
        "{\"id\":1}", 100, ChangeEvent.Op.CREATE, 1);
    return new TableBatch("public.t", List.of(created), TableOffset.streamFrom(100), CHANGELOG,
        List.of(StateChange.emitted("{\"id\":1}", 100), StateChange.deleted("{\"id\":2}", 90)), committed::set);
  }

  @Test
  void aBatchsKeyStatesAreWrittenToTheChangelogInTheTransactionOfItsEventsAndOffset() throws Exception {
    AtomicReference<Map<Integer, Long>> committed = new AtomicReference<>();
    writer.start();
    writer.submit(batch(committed));
    await().atMost(Duration.ofSeconds(10)).until(() -> committed.get() != null);
    assertThat(producer.commitCount()).isEqualTo(1);
    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertThat(sent).extracting(ProducerRecord::topic).containsExactly(EVENTS, CHANGELOG, CHANGELOG, OFFSETS);
    assertThat(KeyStateCodec.decode(sent.get(1).value())).isEqualTo(KeyState.emittedAt(100));
    assertThat(sent.get(2).value()).as("a deleted key is a tombstone").isNull();
    assertThat(KeyStateCodec.cursorFromHeader(sent.get(2).headers().lastHeader(Changelog.CURSOR_HEADER).value()))
        .isEqualTo(90);
    assertThat(OffsetCodec.decode(sent.get(3).value()).stateInChangelog()).isTrue();
    assertThat(committed.get()).as("the next changelog offset after the batch's records").isEqualTo(Map.of(0, 2L));
  }

  @Test
  void aTransactionThatFailsToCommitIsAbortedAndItsBatchNeverLearnsOfACommit() throws Exception {
    AtomicReference<Map<Integer, Long>> committed = new AtomicReference<>();
    producer.commitTransactionException = new KafkaException("the broker went away");
    writer.start();
    writer.submit(batch(committed));
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.failure() != null);
    assertThat(producer.transactionAborted()).isTrue();
    assertThat(producer.history()).isEmpty();
    assertThat(committed.get()).isNull();
    assertThat(writer.failure()).hasMessageContaining("restart to resume from the committed state");
  }

  @Test
  void aRuntimeFencedAtStartFailsAsFenced() {
    producer.initTransactionException = new ProducerFencedException("a newer runtime registered dsqlcdc-p");
    assertThatThrownBy(writer::start).isInstanceOf(FencedException.class);
  }

  @Test
  void aCommitFencedByANewerRuntimeStopsTheWriterAsFencedWithoutApplyingTheBatch() throws Exception {
    AtomicReference<Map<Integer, Long>> committed = new AtomicReference<>();
    producer.commitTransactionException = new ProducerFencedException("a newer runtime registered dsqlcdc-p");
    writer.start();
    writer.submit(batch(committed));
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.failure() != null);
    assertThat(writer.failure()).isInstanceOf(FencedException.class);
    assertThat(writer.status().reason()).isEqualTo(ConnectionReasons.FENCED);
    assertThat(committed.get()).isNull();
    assertThatThrownBy(() -> writer.submit(batch(committed))).isInstanceOf(FencedException.class);
  }

  @Test
  void aFailedCommitIsReportedInStatus() throws Exception {
    producer.commitTransactionException = new KafkaException("the broker went away");
    writer.start();
    writer.submit(batch(new AtomicReference<>()));
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.failure() != null);
    assertThat(writer.status().reason()).isEqualTo(ConnectionReasons.COMMIT_FAILED);
  }

  @Test
  void anEventTooLargeForKafkaIsNamedInStatusWithWhatToRaise() throws Exception {
    producer.commitTransactionException = new KafkaException("Cannot execute transactional method because we are in "
        + "an error state", new RecordTooLargeException("The message is 12583012 bytes when serialized which is "
        + "larger than 1048576, which is the value of the max.request.size configuration."));
    writer.start();
    writer.submit(batch(new AtomicReference<>()));
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.failure() != null);
    assertThat(writer.status().reason()).isEqualTo(ConnectionReasons.COMMIT_FAILED);
    assertThat(writer.status().message()).contains("12583012 bytes", "spec.sink.producer's max.request.size",
        "max.message.bytes");
  }

  @Test
  void batchesQueuedTogetherCommitInOneTransactionWithEachTablesNewestOffset() throws Exception {
    CountDownLatch committed = new CountDownLatch(3);
    TableOffset first = TableOffset.streamFrom(100);
    TableOffset second = first.streaming(new TableOffset.Head(200, List.of("2")), 100);
    TableOffset other = TableOffset.streamFrom(50);
    writer.submit(new TableBatch("public.t", List.of(), first, CHANGELOG, List.of(), w -> committed.countDown()));
    writer.submit(new TableBatch("public.t", List.of(), second, CHANGELOG, List.of(), w -> committed.countDown()));
    writer.submit(new TableBatch("public.u", List.of(), other, CHANGELOG, List.of(), w -> committed.countDown()));
    writer.start();
    assertThat(committed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(producer.commitCount()).isEqualTo(1);
    assertThat(producer.history()).extracting(r -> OffsetCodec.table(r.key()) + "=" + OffsetCodec.decode(r.value()))
        .containsExactly("public.t=" + second, "public.u=" + other);
  }

  @Test
  void theStreamCheckpointCommitsInTheTransactionOfTheBatchesBeforeItAfterTheirOffsets() throws Exception {
    CountDownLatch committed = new CountDownLatch(2);
    StreamCheckpoint checkpoint = StreamCheckpoint.startingAt("arn:aws:kinesis:us-east-1:1:stream/s", null)
        .withShards(Map.of("shardId-0", ShardCheckpoint.after("shardId-0", "42", Instant.ofEpochMilli(1_000))));
    writer.submit(batch(new AtomicReference<>()));
    writer.submit(new StreamCheckpointBatch(checkpoint, committed::countDown));
    writer.submit(new TableBatch("public.u", List.of(), TableOffset.streamFrom(50), CHANGELOG, List.of(),
        w -> committed.countDown()));
    writer.start();
    assertThat(committed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(producer.commitCount()).isEqualTo(1);
    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertThat(sent).extracting(ProducerRecord::topic)
        .containsExactly(EVENTS, CHANGELOG, CHANGELOG, OFFSETS, OFFSETS, OFFSETS);
    ProducerRecord<byte[], byte[]> last = sent.get(sent.size() - 1);
    assertThat(OffsetCodec.isStreamKey(last.key())).isTrue();
    assertThat(OffsetCodec.decodeStream(last.value())).isEqualTo(checkpoint);
  }
}
