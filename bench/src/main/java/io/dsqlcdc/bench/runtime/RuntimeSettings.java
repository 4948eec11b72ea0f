package io.dsqlcdc.bench.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * The capture settings one runtime run uses, written into its pipeline YAML, and how its JVM is started.
 *
 * @param label      names the run: pipeline name and topic prefix
 * @param stateDir   the runtime's {@code --state-dir}, kept across runs by the caller; null for the runtime's default
 * @param jvmOptions extra options of the runtime's JVM (e.g. {@code -Xmx256m}), before any the bench adds
 * @param hardDeleteScanInterval every table's {@code hardDeletes.scanInterval}, hard deletes on; null: off
 */
public record RuntimeSettings(String label, List<String> tables, String pollInterval, String maxPollInterval,
                              int batchSize, int parallelism, String maxTransactionDuration, boolean snapshot,
                              Path stateDir, List<String> jvmOptions, String hardDeleteScanInterval) {

  public RuntimeSettings {
    tables = List.copyOf(tables);
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** The runtime's own defaults (1 s poll backing off to 10 s, 1,000 rows, 4 tables in parallel, 300 s lateness). */
  public static RuntimeSettings defaults(String label, List<String> tables) {
    return new RuntimeSettings(label, tables, "1s", "10s", 1000, 4, "300s", false, null, List.of(), null);
  }

  /**
   * The seed connector's configuration: polls every 1 s (no back-off), 1,000-row batches, one task. The runtime keeps
   * fetching at once while pages come back full; that cannot be limited to one fetch per interval by config.
   */
  public static RuntimeSettings seedCompat(String label, List<String> tables) {
    return new RuntimeSettings(label, tables, "1s", "1s", 1000, 1, "300s", false, null, List.of(), null);
  }

  public RuntimeSettings withPollInterval(String interval) {
    return new RuntimeSettings(label, tables, interval, maxPollInterval, batchSize, parallelism,
        maxTransactionDuration, snapshot, stateDir, jvmOptions, hardDeleteScanInterval);
  }

  public RuntimeSettings withSnapshot() {
    return new RuntimeSettings(label, tables, pollInterval, maxPollInterval, batchSize, parallelism,
        maxTransactionDuration, true, stateDir, jvmOptions, hardDeleteScanInterval);
  }

  public RuntimeSettings withStateDir(Path dir) {
    return new RuntimeSettings(label, tables, pollInterval, maxPollInterval, batchSize, parallelism,
        maxTransactionDuration, snapshot, dir, jvmOptions, hardDeleteScanInterval);
  }

  public RuntimeSettings withJvmOptions(List<String> options) {
    return new RuntimeSettings(label, tables, pollInterval, maxPollInterval, batchSize, parallelism,
        maxTransactionDuration, snapshot, stateDir, options, hardDeleteScanInterval);
  }

  /** Every table scanned for hard deletes at this interval. */
  public RuntimeSettings withHardDeletes(String scanInterval) {
    return new RuntimeSettings(label, tables, pollInterval, maxPollInterval, batchSize, parallelism,
        maxTransactionDuration, snapshot, stateDir, jvmOptions, scanInterval);
  }

  public String topic(String table) {
    return label + ".public." + table;
  }

  /** The pipeline's offsets topic, as the runtime names it (pipeline {@code bench/<label>}). */
  public String offsetsTopic() {
    return "__dsqlcdc-offsets.bench." + label;
  }

  /** A table's state changelog topic, as the runtime names it. */
  public String changelogTopic(String table) {
    return "__dsqlcdc-state.bench." + label + ".public." + table;
  }
}
