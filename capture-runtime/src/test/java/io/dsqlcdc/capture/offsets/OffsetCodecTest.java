package io.dsqlcdc.capture.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.offsets.TableOffset.Head;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
  void roundTripsTheChangeStreamCheckpointUnderAKeyNoTableCanHave() {
    StreamCheckpoint checkpoint = StreamCheckpoint.startingAt("arn:aws:kinesis:us-east-1:123456789012:stream/cdc",
        1_700_000_000_000L).withShards(Map.of(
            "shardId-000000000000", ShardCheckpoint.after("shardId-000000000000", "4959",
                Instant.ofEpochMilli(1_700_000_000_500L)),
            "shardId-000000000001", ShardCheckpoint.ended("shardId-000000000001", "4961", null)));
    assertThat(OffsetCodec.decodeStream(OffsetCodec.encodeStream(checkpoint))).isEqualTo(checkpoint);
    assertThat(OffsetCodec.isStreamKey(OffsetCodec.key(OffsetCodec.STREAM_KEY))).isTrue();
    assertThat(OffsetCodec.isStreamKey(OffsetCodec.key("public.changestream"))).isFalse();
  }

  @Test
  void roundTripsARunningHardDeleteScanSoItResumesWhereItStopped() {
    TableOffset.DeleteScan scan = TableOffset.DeleteScan.never().start(1_000).step(List.of("100000"), 100_000, 3, 2,
        2_000);
    TableOffset offset = TableOffset.streamFrom(5_000_000).withDeleteScan(scan);
    TableOffset read = OffsetCodec.decode(OffsetCodec.encode(offset));
    assertThat(read).isEqualTo(offset);
    assertThat(read.deleteScan().running()).isTrue();
    assertThat(read.deleteScan().position()).containsExactly("100000");
    assertThat(read.streaming(new Head(6_000_000, null), 5_500_000).deleteScan()).isEqualTo(scan);
  }

  @Test
  void aCompletedScanKeepsItsCountersAndCompletionTime() {
    TableOffset.DeleteScan done = TableOffset.DeleteScan.never().start(1_000).step(List.of("9"), 10, 1, 1, 1_500)
        .step(null, 5, 0, 0, 2_000);
    assertThat(done.running()).isFalse();
    assertThat(done.lastCompletedMillis()).isEqualTo(2_000L);
    assertThat(done.keysCompared()).isEqualTo(15);
    assertThat(done.deletesFound()).isEqualTo(1);
    assertThat(done.start(3_000).scanKeys()).isZero();
    assertThat(done.start(3_000).keysCompared()).isEqualTo(15);
  }

  @Test
  void roundTripsAStreamGapSoTheTableStaysGivenUpAfterARestart() {
    TableOffset gapped = TableOffset.startSnapshot(10_000_000, 0, null).snapshotDone().withStreamGap(1_700_000_000_000L);
    assertThat(OffsetCodec.decode(OffsetCodec.encode(gapped)).streamGapSinceMillis()).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void anOffsetWithoutAStreamGapWritesNoField() {
    TableOffset streaming = TableOffset.streamFrom(10_000_000);
    assertThat(new String(OffsetCodec.encode(streaming), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("streamGapSince");
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
