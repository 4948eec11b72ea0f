package io.dsqlcdc.bench;

import java.time.Duration;
import java.util.List;

/**
 * How big each scenario is. {@link #full()} is the benchmark; {@link #quick()} runs the same code small enough for a
 * smoke test (every scenario produces a figure, every row arrives; the figures mean little).
 *
 * @param streamingRates offered insert rates (rows/s over all four tables) tried in order until one is not kept up
 * @param latencyWarmup  load before latency is measured: an idle table starts at its longest poll interval, and
 *                       the figure is the steady state at the fixed rate
 * @param restartKeys    table sizes (keys, each given three versions) whose restart is measured
 * @param windowRate     insert rate (rows/s over four tables) while the unsettled window's heap is measured
 * @param windowRun      how long that rate is offered: past the 300 s window, the window is full
 * @param hardDeleteRows table sizes whose hard-delete scan is measured (scenario 9)
 * @param stream         the sizes of the stream-mode scenarios (10 and 11)
 */
public record BenchProfile(String name, int snapshotRows, List<Integer> streamingRates, Duration streamingStage,
                           int latencyRate, Duration latencyWarmup, Duration latencyRun, Duration lateRowRun,
                           int idleTables, Duration idleRun, List<Integer> restartKeys, int windowRate,
                           Duration windowRun, List<Integer> hardDeleteRows, Stream stream) {

  /**
   * Stream mode's sizes (scenarios 10 and 11).
   *
   * @param backlog       records put over {@code shards} shards before the readers start, whose draining is timed
   * @param shards        the streams' shard count
   * @param latencyRate   rows per second written while latency is measured, after the profile's latency warm-up
   * @param latencyRun    how long latency is measured at that rate, per subject
   * @param heapKeys      table sizes (keys) whose per-key state the runtime holds while its heap is measured
   * @param heapChanges   changes streamed through Kinesis after the snapshot, none of which may be lost as stale
   */
  public record Stream(int backlog, int shards, int latencyRate, Duration latencyRun, List<Integer> heapKeys,
                       int heapChanges) {
    public Stream {
      heapKeys = List.copyOf(heapKeys);
    }
  }

  public static BenchProfile full() {
    return new BenchProfile("full", 1_000_000, List.of(2_000, 4_000, 8_000, 16_000, 32_000, 64_000),
        Duration.ofSeconds(15), 2_000, Duration.ofSeconds(10), Duration.ofSeconds(45), Duration.ofSeconds(90), 20,
        Duration.ofSeconds(90), List.of(1_000_000, 5_000_000), 30_000, Duration.ofSeconds(330),
        List.of(1_000_000, 10_000_000),
        new Stream(20_000, 4, 100, Duration.ofSeconds(60), List.of(1_000_000, 10_000_000), 3_000));
  }

  public static BenchProfile quick() {
    return new BenchProfile("quick", 5_000, List.of(1_000), Duration.ofSeconds(2), 2_000,
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), 20, Duration.ofSeconds(4),
        List.of(50_000), 2_000, Duration.ofSeconds(5), List.of(20_000),
        new Stream(500, 2, 50, Duration.ofSeconds(3), List.of(20_000), 200));
  }

  public BenchProfile withRestartKeys(List<Integer> keys) {
    return new BenchProfile(name, snapshotRows, streamingRates, streamingStage, latencyRate, latencyWarmup, latencyRun,
        lateRowRun, idleTables, idleRun, List.copyOf(keys), windowRate, windowRun, hardDeleteRows, stream);
  }

  public BenchProfile withHardDeleteRows(List<Integer> rows) {
    return new BenchProfile(name, snapshotRows, streamingRates, streamingStage, latencyRate, latencyWarmup, latencyRun,
        lateRowRun, idleTables, idleRun, restartKeys, windowRate, windowRun, List.copyOf(rows), stream);
  }

  public BenchProfile withStreamHeapKeys(List<Integer> keys) {
    return new BenchProfile(name, snapshotRows, streamingRates, streamingStage, latencyRate, latencyWarmup, latencyRun,
        lateRowRun, idleTables, idleRun, restartKeys, windowRate, windowRun, hardDeleteRows,
        new Stream(stream.backlog(), stream.shards(), stream.latencyRate(), stream.latencyRun(), keys,
            stream.heapChanges()));
  }

  public boolean isQuick() {
    return "quick".equals(name);
  }
}
