package io.dsqlcdc.capture.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsqlcdc.capture.offsets.TableOffset.Head;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableOffsetTest {
  static final long LATENESS = 3_000_000;

  @Test
  void aResnapshotStartsOverAndRemembersItsRequest() {
    TableOffset streaming = TableOffset.streamFrom(5_000_000).streaming(new Head(9_000_000, List.of("7")), 6_000_000);
    TableOffset again = streaming.resnapshot(20_000_000, LATENESS, "r1");
    assertThat(again.snapshotting()).isTrue();
    assertThat(again.snapshot().lastKey()).isNull();
    assertThat(again.snapshot().rows()).isZero();
    assertThat(again.snapshotRequestId()).isEqualTo("r1");
  }

  @Test
  void aResnapshotKeepsAHeadThatIsBehindItsStartSoNothingIsSkipped() {
    TableOffset streaming = TableOffset.streamFrom(5_000_000).streaming(new Head(9_000_000, List.of("7")), 6_000_000);
    TableOffset again = streaming.resnapshot(20_000_000, LATENESS, "r1");
    assertThat(again.head().cursorMicros()).isEqualTo(9_000_000);
    assertThat(again.head().key()).containsExactly("7");
    assertThat(again.settledBefore()).isEqualTo(6_000_000);
  }

  @Test
  void aResnapshotMovesAHeadAheadOfItsStartBackToItsStartMinusTheLatenessBound() {
    TableOffset streaming = TableOffset.streamFrom(5_000_000).streaming(new Head(19_000_000, List.of("7")), 18_000_000);
    TableOffset again = streaming.resnapshot(20_000_000, LATENESS, "r1");
    assertThat(again.head().cursorMicros()).isEqualTo(17_000_000);
    assertThat(again.head().key()).isNull();
    assertThat(again.settledBefore()).isEqualTo(17_000_000);
  }

  @Test
  void theRequestIsKeptThroughSnapshotAndStreaming() {
    TableOffset done = TableOffset.startSnapshot(10_000_000, LATENESS, "r1").snapshotChunk(List.of("1"), 10)
        .snapshotDone().streaming(new Head(12_000_000, List.of("2")), 9_000_000);
    assertThat(done.snapshotRequestId()).isEqualTo("r1");
  }

  @Test
  void theSnapshotsEndKeepsItsStartAndRowsInTheStreamingPhase() {
    TableOffset done = TableOffset.startSnapshot(10_000_000, LATENESS, null).snapshotChunk(List.of("1"), 10)
        .snapshotDone();
    assertThat(done.phase()).isEqualTo(new TableOffset.Streaming(10_000_000L, 10));
    assertThat(done.head()).isEqualTo(new Head(7_000_000, null));
  }

  @Test
  void aStreamingTableTakesNoSnapshotChunk() {
    TableOffset streaming = TableOffset.streamFrom(5_000_000);
    assertThatThrownBy(() -> streaming.snapshotChunk(List.of("1"), 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSnapshottingTableDoesNotStream() {
    TableOffset snapshotting = TableOffset.startSnapshot(10_000_000, LATENESS, null);
    assertThatThrownBy(() -> snapshotting.streaming(new Head(9_000_000, null), 7_000_000))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBareCursorBoundHasReadUpToTheCursorBefore() {
    assertThat(new Head(9_000_000, null).accountedUpTo()).isEqualTo(8_999_999);
    assertThat(new Head(9_000_000, List.of("7")).accountedUpTo()).isEqualTo(9_000_000);
  }

  @Test
  void aNewSnapshotClearsAStreamGap() {
    TableOffset gapped = TableOffset.streamFrom(10_000_000).withStreamGap(1_700_000_000_000L);
    TableOffset again = gapped.resnapshot(20_000_000, 0, "after-gap").snapshotDone();
    assertThat(again.streamGapSinceMillis()).isNull();
  }

  @Test
  void streamingOnKeepsAStreamGap() {
    TableOffset gapped = TableOffset.streamFrom(10_000_000).withStreamGap(1_700_000_000_000L);
    assertThat(gapped.streaming(new TableOffset.Head(11_000_000, null), 11_000_000).streamGapSinceMillis())
        .isEqualTo(1_700_000_000_000L);
  }
}
