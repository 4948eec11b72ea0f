package io.dsqlcdc.bench.runtime;

import java.util.List;

/**
 * The capture settings one runtime run uses, written into its pipeline YAML.
 *
 * @param label names the run: pipeline name and topic prefix
 */
public record RuntimeSettings(String label, List<String> tables, String pollInterval, String maxPollInterval,
                              int batchSize, int parallelism, String maxTransactionDuration, boolean snapshot) {

  /** The runtime's own defaults (1 s poll backing off to 10 s, 1,000 rows, 4 tables in parallel, 300 s lateness). */
  public static RuntimeSettings defaults(String label, List<String> tables) {
    return new RuntimeSettings(label, tables, "1s", "10s", 1000, 4, "300s", false);
  }

  /**
   * The seed connector's configuration: polls every 1 s (no back-off), 1,000-row batches, one task. The runtime keeps
   * fetching at once while pages come back full; that cannot be limited to one fetch per interval by config.
   */
  public static RuntimeSettings seedCompat(String label, List<String> tables) {
    return new RuntimeSettings(label, tables, "1s", "1s", 1000, 1, "300s", false);
  }

  public RuntimeSettings withPollInterval(String interval) {
    return new RuntimeSettings(label, tables, interval, maxPollInterval, batchSize, parallelism,
        maxTransactionDuration, snapshot);
  }

  public RuntimeSettings withSnapshot() {
    return new RuntimeSettings(label, tables, pollInterval, maxPollInterval, batchSize, parallelism,
        maxTransactionDuration, true);
  }

  public String topic(String table) {
    return label + ".public." + table;
  }
}
