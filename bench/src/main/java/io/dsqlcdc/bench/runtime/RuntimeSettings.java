package io.dsqlcdc.bench.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The capture settings one runtime run uses, written into its pipeline YAML, and how its JVM is started.
 *
 * @param label      names the run: pipeline name and topic prefix
 * @param stateDir   the runtime's {@code --state-dir}, kept across runs by the caller; null for the runtime's default
 * @param jvmOptions extra options of the runtime's JVM (e.g. {@code -Xmx256m}), before any the bench adds
 * @param hardDeleteScanInterval every table's {@code hardDeletes.scanInterval}, hard deletes on; null: off
 * @param changeStream the Kinesis stream relayed in stream mode; null: poll mode
 */
public record RuntimeSettings(String label, List<String> tables, String pollInterval, String maxPollInterval,
                              int batchSize, int parallelism, String maxTransactionDuration, boolean snapshot,
                              Path stateDir, List<String> jvmOptions, String hardDeleteScanInterval,
                              ChangeStream changeStream) {

  /**
   * Stream mode's source: {@code spec.source.changeStream}; the keys go to the runtime's environment (the SDK's
   * default chain), as a pod's identity would, never into the pipeline.
   *
   * @param startPosition {@code latest} or {@code trimHorizon}
   */
  public record ChangeStream(String streamArn, URI endpoint, String startPosition, AwsCredentials credentials) {
  }

  public RuntimeSettings {
    tables = List.copyOf(tables);
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** The runtime's own defaults (1 s poll backing off to 10 s, 1,000 rows, 4 tables in parallel, 300 s lateness). */
  public static RuntimeSettings defaults(String label, List<String> tables) {
    return new RuntimeSettings(label, tables, "1s", "10s", 1000, 4, "300s", false, null, List.of(), null, null);
  }

  /**
   * The seed connector's configuration: polls every 1 s (no back-off), 1,000-row batches, one task. The runtime keeps
   * fetching at once while pages come back full; that cannot be limited to one fetch per interval by config.
   */
  public static RuntimeSettings seedCompat(String label, List<String> tables) {
    return new RuntimeSettings(label, tables, "1s", "1s", 1000, 1, "300s", false, null, List.of(), null, null);
  }

  public RuntimeSettings withPollInterval(String interval) {
    return new RuntimeSettings(label, tables, interval, maxPollInterval, batchSize, parallelism,
        maxTransactionDuration, snapshot, stateDir, jvmOptions, hardDeleteScanInterval, changeStream);
  }

  public RuntimeSettings withSnapshot() {
    return new RuntimeSettings(label, tables, pollInterval, maxPollInterval, batchSize, parallelism,
        maxTransactionDuration, true, stateDir, jvmOptions, hardDeleteScanInterval, changeStream);
  }

  public RuntimeSettings withStateDir(Path dir) {
    return new RuntimeSettings(label, tables, pollInterval, maxPollInterval, batchSize, parallelism,
        maxTransactionDuration, snapshot, dir, jvmOptions, hardDeleteScanInterval, changeStream);
  }

  public RuntimeSettings withJvmOptions(List<String> options) {
    return new RuntimeSettings(label, tables, pollInterval, maxPollInterval, batchSize, parallelism,
        maxTransactionDuration, snapshot, stateDir, options, hardDeleteScanInterval, changeStream);
  }

  /** Every table scanned for hard deletes at this interval. */
  public RuntimeSettings withHardDeletes(String scanInterval) {
    return new RuntimeSettings(label, tables, pollInterval, maxPollInterval, batchSize, parallelism,
        maxTransactionDuration, snapshot, stateDir, jvmOptions, scanInterval, changeStream);
  }

  /** Stream mode: the tables' changes are relayed from this Kinesis stream instead of polled. */
  public RuntimeSettings withChangeStream(ChangeStream stream) {
    return new RuntimeSettings(label, tables, pollInterval, maxPollInterval, batchSize, parallelism,
        maxTransactionDuration, snapshot, stateDir, jvmOptions, hardDeleteScanInterval, stream);
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
