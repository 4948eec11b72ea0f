package io.dsqlcdc.capture.changestream;

import static io.dsqlcdc.capture.changestream.StreamRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FragmentAssemblerTest {
  private static final String IMAGE =
      "{\"order_id\": 1001, \"item_id\": 42, \"note\": \"" + "é€x".repeat(200) + "\"}";
  private static final String MAIN = StreamRecords.chunked("c", "{\"after\": "
      + StreamRecords.chunkRef("abc", 3, IMAGE) + "}", 1705318200000000000L);

  private final TestClock clock = new TestClock(T0);
  private final FragmentAssembler assembler = new FragmentAssembler(Duration.ofSeconds(60), Duration.ofMinutes(10),
      1_000_000, clock);
  private final CdcRecordParser parser = new CdcRecordParser();
  private int sequence;

  private FragmentAssembler.Step offer(String shard, String json) {
    ShardRecord raw = StreamRecords.record(shard, String.valueOf(++sequence), clock.instant(), json);
    return assembler.offer(raw, parser.parse(raw));
  }

  @Test
  void aFullRecordIsCompleteAtOnce() {
    FragmentAssembler.Step step = offer("s1", StreamRecords.insert("{\"id\": 1}", 5));
    assertThat(step.completed().record().after()).containsOnlyKeys("id");
    assertThat(step.completed().pieces()).containsExactly(new RecordPosition("s1", "1"));
    assertThat(step.completed().arrival()).isEqualTo(T0);
  }

  @Test
  void fragmentsFromAnyShardInAnyOrderMakeTheImage() {
    List<String> fragments = new ArrayList<>(StreamRecords.fragments("abc", IMAGE, 3));
    Collections.reverse(fragments);
    assertThat(offer("s2", fragments.get(0)).completed()).isNull();
    assertThat(offer("s1", fragments.get(1)).completed()).isNull();
    assertThat(offer("s3", MAIN).completed()).isNull();
    clock.advance(Duration.ofSeconds(1));
    ArrivedChange change = offer("s1", fragments.get(2)).completed();
    assertThat(change.record().after().get("note").textValue()).isEqualTo("é€x".repeat(200));
    assertThat(change.record().source().tsNs()).isEqualTo(1705318200000000000L);
    assertThat(change.record().op()).isEqualTo("c");
    assertThat(change.arrival()).isEqualTo(T0.plusSeconds(1));
    assertThat(change.pieces()).containsExactly(new RecordPosition("s3", "3"), new RecordPosition("s1", "4"),
        new RecordPosition("s1", "2"), new RecordPosition("s2", "1"));
    assertThat(assembler.heldBytes()).isZero();
  }

  @Test
  void bothImagesCanBeSplit() {
    String before = "{\"id\": 7}";
    String main = StreamRecords.chunked("d", "{\"before\": " + StreamRecords.chunkRef("b", 2, before)
        + ", \"after\": " + StreamRecords.chunkRef("a", 2, IMAGE) + "}", 9);
    offer("s1", main);
    StreamRecords.fragments("b", before, 2).forEach(f -> offer("s1", f));
    List<String> after = StreamRecords.fragments("a", IMAGE, 2);
    offer("s1", after.get(0));
    ArrivedChange change = offer("s1", after.get(1)).completed();
    assertThat(change.record().before()).containsOnlyKeys("id");
    assertThat(change.record().after()).containsKey("note");
    assertThat(change.pieces()).hasSize(5);
  }

  @Test
  void aRedeliveredFragmentIsDiscarded() {
    List<String> fragments = StreamRecords.fragments("abc", IMAGE, 3);
    offer("s1", fragments.get(0));
    FragmentAssembler.Step again = offer("s2", fragments.get(0));
    assertThat(again.completed()).isNull();
    assertThat(again.discarded()).containsExactly(new RecordPosition("s2", "2"));
    offer("s1", fragments.get(1));
    offer("s1", fragments.get(2));
    assertThat(offer("s1", MAIN).completed().pieces()).hasSize(4);
  }

  @Test
  void piecesOfACompletedSetArrivingAgainAreDiscarded() {
    List<String> fragments = StreamRecords.fragments("abc", IMAGE, 3);
    offer("s1", MAIN);
    fragments.forEach(f -> offer("s1", f));
    assertThat(offer("s2", MAIN).discarded()).containsExactly(new RecordPosition("s2", "5"));
    assertThat(offer("s2", fragments.get(1)).discarded()).containsExactly(new RecordPosition("s2", "6"));
    assertThat(assembler.heldBytes()).isZero();
  }

  @Test
  void aChecksumMismatchIsAnErrorNotARecord() {
    String wrong = StreamRecords.chunked("c", "{\"after\": {\"chunk_id\": \"abc\", \"total_fragments\": 3, "
        + "\"crc32c\": \"12345\"}}", 9);
    offer("s1", wrong);
    List<String> fragments = StreamRecords.fragments("abc", IMAGE, 3);
    offer("s1", fragments.get(0));
    offer("s1", fragments.get(1));
    assertThatThrownBy(() -> offer("s1", fragments.get(2))).isInstanceOf(CdcRecordException.class)
        .hasMessageContaining("the after image of the chunked record at shard s1 sequence number 1 (chunk abc, 3 "
            + "fragments) has CRC32C " + StreamRecords.crc32c(IMAGE) + " but the record says 12345");
  }

  @Test
  void aSetIncompletePastTheTimeoutIsAnError() {
    List<String> fragments = StreamRecords.fragments("abc", IMAGE, 3);
    offer("s1", fragments.get(0));
    offer("s2", MAIN);
    offer("s1", fragments.get(2));
    clock.advance(Duration.ofSeconds(60));
    assembler.checkTimeouts();
    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(assembler::checkTimeouts).isInstanceOf(CdcRecordException.class)
        .hasMessage("chunk abc of a split change stream record is still incomplete 60 s after its first piece "
            + "was read: fragments [0, 2] arrived (the first at shard s1 sequence number 1), the main record at "
            + "shard s2 sequence number 2 expects 3");
  }

  @Test
  void theTimeoutCountsFromReadingNotFromKinesisArrival() {
    ShardRecord old = StreamRecords.record("s1", "1", T0.minus(Duration.ofHours(1)), MAIN);
    assembler.offer(old, parser.parse(old));
    assembler.checkTimeouts();
    clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(assembler::checkTimeouts).isInstanceOf(CdcRecordException.class);
  }

  @Test
  void aReassembledChangeArrivedWhenItsLatestPieceDid() {
    List<String> fragments = StreamRecords.fragments("abc", IMAGE, 3);
    ShardRecord late = StreamRecords.record("s2", "1", T0.plusSeconds(5), fragments.get(0));
    assembler.offer(late, parser.parse(late));
    offer("s1", fragments.get(1));
    offer("s1", fragments.get(2));
    assertThat(offer("s1", MAIN).completed().arrival()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void aMainRecordWhoseFragmentsNeverCameTimesOut() {
    offer("s2", MAIN);
    clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(assembler::checkTimeouts).isInstanceOf(CdcRecordException.class)
        .hasMessageContaining("no fragment arrived, the main record at shard s2 sequence number 1 expects 3");
  }

  @Test
  void fragmentsWhoseMainRecordNeverCameTimeOut() {
    offer("s1", StreamRecords.fragments("abc", IMAGE, 3).get(1));
    clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(assembler::checkTimeouts).isInstanceOf(CdcRecordException.class)
        .hasMessageContaining("fragments [1] arrived (the first at shard s1 sequence number 1), the main record "
            + "never arrived");
  }

  @Test
  void holdingMoreThanTheCapIsAnError() {
    FragmentAssembler small = new FragmentAssembler(Duration.ofSeconds(60), Duration.ofMinutes(10), 600, clock);
    List<String> fragments = StreamRecords.fragments("abc", IMAGE, 3);
    ShardRecord first = StreamRecords.record("s1", "1", T0, fragments.get(0));
    small.offer(first, parser.parse(first));
    ShardRecord second = StreamRecords.record("s1", "2", T0, fragments.get(1));
    assertThatThrownBy(() -> small.offer(second, parser.parse(second))).isInstanceOf(CdcRecordException.class)
        .hasMessageContaining("would exceed 600 bytes with the record at shard s1 sequence number 2");
  }

  @Test
  void aFragmentIndexBeyondTheTotalIsAnError() {
    offer("s1", MAIN);
    String beyond = "{\"type\": \"fragment\", \"chunk_id\": \"abc\", \"index\": 3, \"data\": \"x\"}";
    assertThatThrownBy(() -> offer("s1", beyond)).isInstanceOf(CdcRecordException.class)
        .hasMessageContaining("has index 3, but chunk abc has 3 fragments");
  }

  @Test
  void aCompletedSetIsForgottenAfterItsMemory() {
    offer("s1", MAIN);
    StreamRecords.fragments("abc", IMAGE, 3).forEach(f -> offer("s1", f));
    clock.advance(Duration.ofMinutes(10).plusMillis(1));
    assertThat(offer("s1", MAIN).discarded()).isEmpty();
    assertThat(assembler.heldBytes()).isPositive();
  }
}
