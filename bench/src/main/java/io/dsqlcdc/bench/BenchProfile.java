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
 */
public record BenchProfile(String name, int snapshotRows, List<Integer> streamingRates, Duration streamingStage,
                           int latencyRate, Duration latencyWarmup, Duration latencyRun, Duration lateRowRun,
                           int idleTables, Duration idleRun, List<Integer> restartKeys, int windowRate,
                           Duration windowRun, List<Integer> hardDeleteRows) {

  public static BenchProfile full() {
    return new BenchProfile("full", 1_000_000, List.of(2_000, 4_000, 8_000, 16_000, 32_000, 64_000),
        Duration.ofSeconds(15), 2_000, Duration.ofSeconds(10), Duration.ofSeconds(45), Duration.ofSeconds(90), 20,
        Duration.ofSeconds(90), List.of(1_000_000, 5_000_000), 30_000, Duration.ofSeconds(330),
        List.of(1_000_000, 10_000_000));
  }

  public static BenchProfile quick() {
    return new BenchProfile("quick", 5_000, List.of(1_000), Duration.ofSeconds(2), 2_000,
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), 20, Duration.ofSeconds(4),
        List.of(50_000), 2_000, Duration.ofSeconds(5), List.of(20_000));
  }

  public BenchProfile withRestartKeys(List<Integer> keys) {
    return new BenchProfile(name, snapshotRows, streamingRates, streamingStage, latencyRate, latencyWarmup, latencyRun,
        lateRowRun, idleTables, idleRun, List.copyOf(keys), windowRate, windowRun, hardDeleteRows);
  }

  public BenchProfile withHardDeleteRows(List<Integer> rows) {
    return new BenchProfile(name, snapshotRows, streamingRates, streamingStage, latencyRate, latencyWarmup, latencyRun,
        lateRowRun, idleTables, idleRun, restartKeys, windowRate, windowRun, List.copyOf(rows));
  }

  public boolean isQuick() {
    return "quick".equals(name);
  }
}
