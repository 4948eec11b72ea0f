package io.dsqlcdc.capture.changestream;

import static io.dsqlcdc.capture.changestream.StreamRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.spec.DecimalHandling;
import io.dsqlcdc.api.spec.TableSpec;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.offsets.ShardCheckpoint;
import io.dsqlcdc.capture.source.ColumnSchema;
import io.dsqlcdc.capture.source.TableSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The package's parts put together as a relay would: what comes out, and how far each shard is checkpointed. */
class ChangeStreamFlowTest {
  private static final ColumnSchema ORDER_ID = new ColumnSchema("order_id", "int4", null, null, null, false);
  private static final ColumnSchema ITEM_ID = new ColumnSchema("item_id", "int4", null, null, null, false);
  private static final ColumnSchema NOTE = new ColumnSchema("note", "text", null, null, null, true);
  private static final TableSchema TABLE = new TableSchema(new TableSpec("order_items", null),
      List.of(ORDER_ID, ITEM_ID, NOTE), List.of(ORDER_ID, ITEM_ID), null, null, false);

  private final TestClock clock = new TestClock(T0);
  private final CdcRecordParser parser = new CdcRecordParser();
  private final FragmentAssembler assembler = new FragmentAssembler(Duration.ofSeconds(60), Duration.ofMinutes(10),
      50_000_000, clock);
  private final RowConverter converter = new RowConverter(TABLE, DecimalHandling.STRING);
  private final GraceWindowBuffer<ArrivedChange> buffer = new GraceWindowBuffer<>(Duration.ofSeconds(2),
      Duration.ofSeconds(2), 1000, clock);
  private final ShardProgress progress = new ShardProgress();
  private final Map<String, Long> keyState = new HashMap<>();
  private final List<String> emitted = new ArrayList<>();

  private void read(String shard, String sequence, String json) throws Exception {
    read(StreamRecords.record(shard, sequence, clock.instant(), json));
  }

  private void read(ShardRecord raw) throws Exception {
    progress.read(raw.position(), raw.arrival());
    FragmentAssembler.Step step = assembler.offer(raw, parser.parse(raw));
    progress.release(step.discarded());
    ArrivedChange change = step.completed();
    if (change == null) {
      return;
    }
    SourceRow row = converter.row(change.record());
    GraceWindowBuffer.Admission admission = buffer.offer(TABLE.qualifiedName(), row.keyText(),
        change.record().source().tsNs(), change.record().source().txId(), change.arrival(), change,
        (table, key) -> keyState.get(key));
    if (admission != GraceWindowBuffer.Admission.HELD) {
      progress.release(change.pieces());
    }
  }

  private void releaseDue() throws Exception {
    for (GraceWindowBuffer.Released<ArrivedChange> r : buffer.releaseDue()) {
      keyState.put(r.key(), r.tsNs());
      SourceRow row = converter.row(r.item().record());
      emitted.add(row.keyText() + "@" + r.tsNs() + " " + r.item().record().op());
      progress.release(r.item().pieces());
    }
  }

  private String checkpoint(String shard) {
    ShardCheckpoint checkpoint = progress.checkpoint().get(shard);
    return checkpoint == null ? null : checkpoint.sequenceNumber();
  }

  @Test
  void duplicatesAndReorderingAcrossShardsComeOutOnceInCommitOrder() throws Exception {
    read("s1", "1", StreamRecords.insert("{\"order_id\": 1, \"item_id\": 2, \"note\": \"b\"}", 20));
    read("s2", "1", StreamRecords.insert("{\"order_id\": 1, \"item_id\": 2, \"note\": \"a\"}", 10));
    read("s2", "2", StreamRecords.insert("{\"order_id\": 1, \"item_id\": 2, \"note\": \"b\"}", 20));
    assertThat(checkpoint("s1")).isNull();
    assertThat(checkpoint("s2")).isNull();
    clock.advance(Duration.ofSeconds(2));
    releaseDue();
    assertThat(emitted).containsExactly("1\u001f2@10 c", "1\u001f2@20 c");
    assertThat(checkpoint("s1")).isEqualTo("1");
    assertThat(checkpoint("s2")).isEqualTo("2");
    read("s1", "2", StreamRecords.insert("{\"order_id\": 1, \"item_id\": 2, \"note\": \"a\"}", 10));
    assertThat(checkpoint("s1")).isEqualTo("2");
    assertThat(buffer.duplicates()).isEqualTo(1);
    assertThat(buffer.stale()).isEqualTo(1);
  }

  @Test
  void aSplitRecordPinsTheCheckpointsOfItsShardsUntilItIsEmitted() throws Exception {
    String image = "{\"order_id\": 3, \"item_id\": 4, \"note\": \"" + "n".repeat(3000) + "\"}";
    List<String> fragments = StreamRecords.fragments("ch", image, 2);
    read("s1", "1", fragments.get(1));
    read("s1", "2", StreamRecords.insert("{\"order_id\": 9, \"item_id\": 9, \"note\": null}", 5));
    read("s2", "1", StreamRecords.chunked("c", "{\"after\": " + StreamRecords.chunkRef("ch", 2, image) + "}", 30));
    clock.advance(Duration.ofSeconds(2));
    releaseDue();
    assertThat(emitted).containsExactly("9\u001f9@5 c");
    assertThat(checkpoint("s1")).isNull();
    read("s2", "2", fragments.get(0));
    assertThat(checkpoint("s2")).isNull();
    clock.advance(Duration.ofSeconds(2));
    releaseDue();
    assertThat(emitted).containsExactly("9\u001f9@5 c", "3\u001f4@30 c");
    assertThat(checkpoint("s1")).isEqualTo("2");
    assertThat(checkpoint("s2")).isEqualTo("2");
  }
}
