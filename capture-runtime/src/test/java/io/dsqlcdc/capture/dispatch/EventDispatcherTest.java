package io.dsqlcdc.capture.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsqlcdc.api.spec.FormatSpec;
import io.dsqlcdc.api.spec.TableSpec;
import io.dsqlcdc.capture.event.ColumnMapping;
import io.dsqlcdc.capture.event.EventFactory;
import io.dsqlcdc.capture.event.RecordHeaders;
import io.dsqlcdc.capture.event.SnapshotMarker;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.event.TypeMapping;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.offsets.OffsetCodec;
import io.dsqlcdc.capture.offsets.TableContext;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.sink.TransactionalWriter;
import io.dsqlcdc.capture.snapshot.VanishedKeys;
import io.dsqlcdc.capture.source.ColumnSchema;
import io.dsqlcdc.capture.source.TableSchema;
import io.dsqlcdc.capture.state.Changelog;
import io.dsqlcdc.capture.state.Checkpoint;
import io.dsqlcdc.capture.state.EmittedState;
import io.dsqlcdc.capture.state.KeyOrder;
import io.dsqlcdc.capture.state.KeyState;
import io.dsqlcdc.capture.state.KeyStateStore;
import io.dsqlcdc.capture.state.StateChange;
import io.dsqlcdc.capture.status.TableProgress;
import io.dsqlcdc.capture.window.UnsettledWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventDispatcherTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TABLE = "public.items";
  static final String EVENTS = "shop.public.items";
  static final String CHANGELOG = "__dsqlcdc-state.p.public.items";
  static final String OFFSETS = "__dsqlcdc-offsets.p";
  static final ColumnSchema ID = new ColumnSchema("id", "int8", null, null, null, false);
  static final ColumnSchema AT = new ColumnSchema("updated_at", "timestamptz", null, null, 6, false);
  static final TableSchema SCHEMA = new TableSchema(new TableSpec(TABLE, "updated_at"), List.of(ID, AT), List.of(ID),
      AT, null, true);
  static final long SLICE = 1_000_000;

  @TempDir
  Path dir;
  KeyStateStore store;
  TableContext context;
  final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  final TransactionalWriter writer = new TransactionalWriter(producer, "kafka:9092", "dsqlcdc-p", OFFSETS, 16,
      new CaptureMetrics());
  EventDispatcher dispatcher;
  EventFactory events;

  @BeforeEach
  void open() {
    store = KeyStateStore.open(dir);
    writer.start();
  }

  @AfterEach
  void close() {
    writer.close();
    store.close();
  }

  /** A dispatcher over the store as restored, from a streaming offset at cursor 0. */
  private void dispatcher() {
    dispatcher(TableOffset.streamFrom(0));
  }

  private void dispatcher(TableOffset start) {
    dispatcher(start, KeyStates.CURSOR);
  }

  private void dispatcher(TableOffset start, KeyStates keyStates) {
    EmittedState state = new EmittedState(store, new Changelog(CHANGELOG, "id-1"), new Checkpoint("id-1", Map.of()),
        Duration.ofHours(1));
    context = new TableContext(start, null, state, new UnsettledWindow(SLICE, 0));
    List<ColumnMapping> mappings = SCHEMA.columns().stream()
        .map(c -> TypeMapping.map(TABLE, c, FormatSpec.defaults().decimalHandling())).toList();
    events = new EventFactory(SCHEMA, mappings, "shop", "postgres", FormatSpec.defaults(), 1);
    dispatcher = new EventDispatcher(TABLE, events, context, writer, new CaptureMetrics(), new TableProgress(TABLE),
        () -> { }, keyStates);
  }

  private static SourceRow row(long id, long cursor, boolean deleted) {
    return new SourceRow(new Object[] {id, "2026-11-24T06:00:00Z"}, cursor, List.of(Long.toString(id)), deleted);
  }

  private TableOffset streamedTo(long cursor) {
    return context.offset().streaming(new TableOffset.Head(cursor, List.of("9")), 0);
  }

  /** Submits what is pending and returns the ops of the events it committed, in order. */
  private List<String> submitAndCommit(TableOffset next) throws Exception {
    int before = producer.history().size();
    dispatcher.submit(next);
    await().atMost(Duration.ofSeconds(10)).until(() -> context.inFlight() == 0);
    return producer.history().subList(before, producer.history().size()).stream()
        .filter(r -> r.topic().equals(EVENTS))
        .map(r -> new String(r.headers().lastHeader(RecordHeaders.OP).value(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void aKeyNeverEmittedIsCreatedThenUpdatedThenDeletedWithATombstone() throws Exception {
    dispatcher();
    dispatcher.changed(row(1, 10, false), 1L);
    dispatcher.changed(row(1, 20, false), 1L);
    dispatcher.changed(row(1, 30, true), 1L);
    assertThat(submitAndCommit(streamedTo(30))).containsExactly("CREATE", "UPDATE", "DELETE", "TOMBSTONE");
    assertThat(store.get("1")).as("a deleted key is not held").isNull();
  }

  @Test
  void aSoftDeleteOfAKeyConsumersNeverSawGivesNothing() throws Exception {
    dispatcher();
    dispatcher.changed(row(2, 10, true), 1L);
    assertThat(dispatcher.pending()).isZero();
    assertThat(submitAndCommit(streamedTo(10))).isEmpty();
  }

  @Test
  void aKeyHeldInTheRestoredStoreIsUpdatedNotCreatedAndItsDeleteIsEmitted() throws Exception {
    store.apply(List.of(StateChange.emitted("3", 5), StateChange.emitted("4", 5)));
    dispatcher();
    dispatcher.changed(row(3, 10, false), 1L);
    dispatcher.changed(row(4, 10, true), 1L);
    assertThat(submitAndCommit(streamedTo(10))).containsExactly("UPDATE", "DELETE", "TOMBSTONE");
  }

  @Test
  void aVersionNoNewerThanTheKeysLastEmittedOneIsNotEmittedAgain() throws Exception {
    store.apply(List.of(StateChange.emitted("5", 50)));
    dispatcher();
    dispatcher.changed(row(5, 50, false), 1L);
    dispatcher.changed(row(5, 40, false), 1L);
    assertThat(dispatcher.pending()).isZero();
    dispatcher.changed(row(6, 10, false), 1L);
    dispatcher.changed(row(6, 10, false), 1L);
    assertThat(dispatcher.pending()).as("the window accounts for a version read twice").isEqualTo(1);
  }

  @Test
  void aSnapshottedRowIsReadWithItsMarkerAndItsKeyIsHeldFromThenOn() throws Exception {
    dispatcher(TableOffset.startSnapshot(1_000, 0, null));
    dispatcher.snapshotted(row(7, 10, false), SnapshotMarker.LAST, 1L);
    int before = producer.history().size();
    TableOffset done = context.offset().snapshotChunk(List.of("7"), 1).snapshotDone();
    assertThat(submitAndCommit(done)).containsExactly("READ");
    assertThat(JSON.readTree(producer.history().get(before).value()).get("source").get("snapshot").asText())
        .isEqualTo("last");
    dispatcher.changed(row(7, 20, false), 1L);
    assertThat(submitAndCommit(context.offset().streaming(new TableOffset.Head(20, List.of("7")), 0)))
        .containsExactly("UPDATE");
  }

  @Test
  void aCommittedBatchAppliesItsKeyStatesAndOffset() throws Exception {
    dispatcher();
    dispatcher.changed(row(8, 10, false), 1L);
    TableOffset next = streamedTo(10);
    assertThat(store.get("8")).as("nothing reaches the store before the commit").isNull();
    submitAndCommit(next);
    assertThat(store.get("8")).isEqualTo(KeyState.emittedAt(10));
    assertThat(context.committed()).isEqualTo(next);
    ProducerRecord<byte[], byte[]> offset = producer.history().get(producer.history().size() - 1);
    assertThat(OffsetCodec.decode(offset.value())).isEqualTo(next);
    assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly(EVENTS, CHANGELOG, OFFSETS);
  }

  @Test
  void anOffsetThatOnlySettledFurtherWaitsUntilItSettled10SecondsPastTheLastSubmittedOne() throws Exception {
    dispatcher();
    TableOffset start = context.offset();
    dispatcher.submitStreaming(start.streaming(start.head(), 9_999_999), false);
    assertThat(context.inFlight() + producer.history().size()).as("nothing submitted").isZero();
    assertThat(context.offset().settledBefore()).isEqualTo(9_999_999);
    dispatcher.submitStreaming(start.streaming(start.head(), 10_000_000), false);
    await().atMost(Duration.ofSeconds(10)).until(() -> context.committed() != null);
    assertThat(context.committed().settledBefore()).isEqualTo(10_000_000);
  }

  @Test
  void aHeadThatMovedIsSubmittedEvenWithoutEvents() throws Exception {
    dispatcher();
    dispatcher.submitStreaming(streamedTo(5), true);
    await().atMost(Duration.ofSeconds(10)).until(() -> context.committed() != null);
    assertThat(context.committed().head().cursorMicros()).isEqualTo(5);
  }

  @Test
  void migratedKeyStatesGoToTheChangelogWithTheCurrentOffsetAndNoEvents() throws Exception {
    dispatcher();
    dispatcher.submitState(List.of(StateChange.emitted("9", 10)));
    await().atMost(Duration.ofSeconds(10)).until(() -> context.committed() != null);
    assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly(CHANGELOG, OFFSETS);
    assertThat(context.committed()).isEqualTo(TableOffset.streamFrom(0));
  }

  private void streamDispatcher() {
    dispatcher(TableOffset.streamFrom(0), KeyStates.STREAM_HIGH_WATER);
  }

  @Test
  void aStreamedKeyIsCreatedUpdatedAndDeletedAndKeepsItsHighWaterAfterTheDelete() throws Exception {
    streamDispatcher();
    assertThat(dispatcher.streamed(row(1, 0, false), 10_000, 1L)).isTrue();
    assertThat(dispatcher.streamed(row(1, 0, false), 20_000, 1L)).isTrue();
    assertThat(dispatcher.streamed(row(1, 0, true), 30_000, 1L)).isTrue();
    assertThat(submitAndCommit(streamedTo(30))).containsExactly("CREATE", "UPDATE", "DELETE", "TOMBSTONE");
    KeyState deleted = store.get("1");
    assertThat(deleted.deleted()).isTrue();
    assertThat(deleted.streamHighWater()).isEqualTo(30_000L);
  }

  @Test
  void aStreamedVersionAtOrBelowTheKeysHighWaterIsNotEmittedEvenAfterADelete() throws Exception {
    store.apply(List.of(new StateChange("2", 40, KeyState.streamDeleted(40_000))));
    streamDispatcher();
    assertThat(dispatcher.streamed(row(2, 0, false), 40_000, 1L)).as("a duplicate of the delete's version").isFalse();
    assertThat(dispatcher.streamed(row(2, 0, false), 35_000, 1L)).as("an older insert").isFalse();
    assertThat(dispatcher.pending()).isZero();
    assertThat(dispatcher.streamed(row(2, 0, false), 50_000, 1L)).isTrue();
    assertThat(submitAndCommit(streamedTo(50))).as("a re-insert after the delete").containsExactly("CREATE");
  }

  @Test
  void aStreamedDeleteOfAKeyConsumersDoNotHoldGivesNoEventButRaisesTheHighWater() throws Exception {
    streamDispatcher();
    assertThat(dispatcher.streamed(row(3, 0, true), 10_000, 1L)).isFalse();
    assertThat(submitAndCommit(streamedTo(10))).isEmpty();
    assertThat(store.get("3").streamHighWater()).isEqualTo(10_000L);
  }

  /** A stream-mode dispatcher during a snapshot that began at 5 µs. */
  private void snapshottingStreamDispatcher() {
    dispatcher(TableOffset.startSnapshot(5, 0, null), KeyStates.STREAM_HIGH_WATER);
  }

  private TableOffset snapshotDone() {
    return context.offset().snapshotChunk(List.of("9"), 1).snapshotDone();
  }

  @Test
  void aRowSnapshottedInStreamModeHoldsItsKeyAtTheSnapshotsReadTime() throws Exception {
    snapshottingStreamDispatcher();
    dispatcher.snapshotted(row(4, 7, false), SnapshotMarker.TRUE, 1L);
    submitAndCommit(snapshotDone());
    assertThat(store.get("4")).isEqualTo(KeyState.streamed(7_000));
    assertThat(dispatcher.streamed(row(4, 0, false), 6_999, 1L)).as("committed before the snapshot read").isFalse();
    assertThat(dispatcher.streamed(row(4, 0, false), 7_001, 1L)).isTrue();
    assertThat(submitAndCommit(streamedTo(8))).containsExactly("UPDATE");
  }

  @Test
  void aRowSnapshottedInStreamModeHoldsItsKeyAtLeastFromTheSnapshotsStart() throws Exception {
    snapshottingStreamDispatcher();
    dispatcher.snapshotted(row(4, 3, false), SnapshotMarker.TRUE, 1L);
    submitAndCommit(snapshotDone());
    assertThat(store.get("4").streamHighWater()).isEqualTo(5_000L);
  }

  @Test
  void aHeldKeyTheSnapshotDidNotReadIsDeletedWithATombstoneAtItsEnd() throws Exception {
    store.apply(List.of(new StateChange("8", 1, KeyState.streamed(1_000)),
        new StateChange("9", 2, KeyState.streamDeleted(2_000))));
    snapshottingStreamDispatcher();
    dispatcher.snapshotted(row(4, 7, false), SnapshotMarker.TRUE, 1L);
    VanishedKeys vanished = new VanishedKeys(context, dispatcher, events, KeyOrder.of(List.of("int8")).orElseThrow(),
        100);
    assertThat(vanished.sweep(5_000, context.offset())).as("only the held key 8").isEqualTo(1);
    assertThat(submitAndCommit(snapshotDone())).containsExactly("READ", "DELETE", "TOMBSTONE");
    ProducerRecord<byte[], byte[]> delete = producer.history().stream().filter(r -> r.topic().equals(EVENTS))
        .filter(r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains("\"op\":\"d\""))
        .findFirst().orElseThrow();
    assertThat(new String(delete.key(), StandardCharsets.UTF_8)).as("the key as the other events write it")
        .isEqualTo("{\"id\":8}");
    assertThat(store.get("8")).isEqualTo(KeyState.streamDeleted(5_000));
    assertThat(dispatcher.streamed(row(8, 0, false), 4_000, 1L)).as("a version before the snapshot").isFalse();
  }
}
