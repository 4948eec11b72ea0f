package io.dsqlcdc.capture.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.offsets.TableOffset.Head;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetCodecTest {
  @Test
  void roundTripsSnapshotAndStreamingState() {
    TableOffset snapshot = TableOffset.startSnapshot(10_000_000, 3_000_000, null).snapshotChunk(List.of("42", "x"), 500);
    assertThat(OffsetCodec.decode(OffsetCodec.encode(snapshot))).isEqualTo(snapshot);
    TableOffset streaming = snapshot.snapshotDone().streaming(new Head(12_000_000, List.of("7", "y")), 9_000_000);
    assertThat(OffsetCodec.decode(OffsetCodec.encode(streaming))).isEqualTo(streaming);
    assertThat(OffsetCodec.table(OffsetCodec.key("public.t"))).isEqualTo("public.t");
  }

  @Test
  void streamingStartsFromSnapshotStartMinusLateness() {
    TableOffset done = TableOffset.startSnapshot(10_000_000, 3_000_000, null).snapshotDone();
    assertThat(done.snapshotting()).isFalse();
    assertThat(done.head().cursorMicros()).isEqualTo(7_000_000);
    assertThat(done.head().key()).isNull();
    assertThat(done.settledBefore()).isEqualTo(7_000_000);
  }
}
