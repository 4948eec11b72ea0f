package io.dsqlcdc.capture.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableOffsetTest {
  static final long LATENESS = 3_000_000;

  @Test
  void aResnapshotStartsOverAndRemembersItsRequest() {
    TableOffset streaming = TableOffset.streamFrom(5_000_000).streaming(9_000_000, List.of("7"), 6_000_000);
    TableOffset again = streaming.resnapshot(20_000_000, LATENESS, "r1");
    assertThat(again.snapshotting()).isTrue();
    assertThat(again.snapshotKey()).isNull();
    assertThat(again.snapshotRows()).isZero();
    assertThat(again.snapshotRequestId()).isEqualTo("r1");
  }

  @Test
  void aResnapshotKeepsAHeadThatIsBehindItsStartSoNothingIsSkipped() {
    TableOffset streaming = TableOffset.streamFrom(5_000_000).streaming(9_000_000, List.of("7"), 6_000_000);
    TableOffset again = streaming.resnapshot(20_000_000, LATENESS, "r1");
    assertThat(again.headCursor()).isEqualTo(9_000_000);
    assertThat(again.headKey()).containsExactly("7");
    assertThat(again.settledBefore()).isEqualTo(6_000_000);
  }

  @Test
  void aResnapshotMovesAHeadAheadOfItsStartBackToItsStartMinusTheLatenessBound() {
    TableOffset streaming = TableOffset.streamFrom(5_000_000).streaming(19_000_000, List.of("7"), 18_000_000);
    TableOffset again = streaming.resnapshot(20_000_000, LATENESS, "r1");
    assertThat(again.headCursor()).isEqualTo(17_000_000);
    assertThat(again.headKey()).isNull();
    assertThat(again.settledBefore()).isEqualTo(17_000_000);
  }

  @Test
  void theRequestIsKeptThroughSnapshotAndStreaming() {
    TableOffset done = TableOffset.startSnapshot(10_000_000, LATENESS, "r1").snapshotChunk(List.of("1"), 10)
        .snapshotDone().streaming(12_000_000, List.of("2"), 9_000_000);
    assertThat(done.snapshotRequestId()).isEqualTo("r1");
  }
}
