package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.status.StateStoreStatus;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3 of issue 17 at a million keys: a restart with the state kept reads nothing of the changelog but what
 * the last checkpoint lacks; with the state lost it restores every key from the changelog; either way old keys are
 * known afterwards. Restart times and the restore rate are printed as FIGURE lines.
 */
class LargeStateRestartTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  static final int KEYS = 1_000_000;
  static final String TABLE = "public.large_state";

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @TempDir
  Path dir;

  private static TableStatus table(CapturePipeline pipeline) {
    return pipeline.status().status().tables().get(0);
  }

  /** Starts the runtime and waits until it streams; returns the seconds that took. */
  private double startUntilStreaming(CapturePipeline pipeline, Duration atMost) throws Exception {
    long started = System.nanoTime();
    pipeline.start();
    await().atMost(atMost).pollInterval(Duration.ofMillis(50))
        .until(() -> table(pipeline).state() == TableState.Streaming);
    return (System.nanoTime() - started) / 1e9;
  }

  private void updateOldKeysAndExpectUpdates(CapturePipeline pipeline, int from, int to) {
    pg.execute("UPDATE large_state SET payload = 'changed', updated_at = now() WHERE id BETWEEN " + from + " AND "
        + to);
    await().atMost(Duration.ofSeconds(60))
        .until(() -> pipeline.metrics().count("dsqlcdc.events", "table", TABLE, "op", "u") == to - from + 1);
    assertThat(pipeline.metrics().count("dsqlcdc.events", "table", TABLE, "op", "c")).isZero();
  }

  @Test
  void aMillionKeyStateRestartsFromItsCheckpointWhenKeptAndFromTheChangelogWhenLost() throws Exception {
    pg.execute("CREATE TABLE large_state (id bigint PRIMARY KEY, payload text, updated_at timestamptz NOT NULL)",
        "INSERT INTO large_state SELECT g, 'p', now() - interval '1 hour' FROM generate_series(1, " + KEYS + ") g");
    String yaml = fixture.yaml("large-state", "[{name: large_state, cursor: updated_at}]",
        "{batchSize: 10000, pollInterval: 100ms, maxPollInterval: 300ms, maxTransactionDuration: 3s}", "{}");
    Path kept = dir.resolve("state");
    try (CapturePipeline first = new CapturePipeline(fixture.config(yaml), new CaptureMetrics(), kept)) {
      double snapshot = startUntilStreaming(first, Duration.ofMinutes(5));
      System.out.printf("FIGURE large-state: snapshot of %d keys into events and changelog in %.1f s%n", KEYS, snapshot);
    }

    try (CapturePipeline keptState = new CapturePipeline(fixture.config(yaml), new CaptureMetrics(), kept)) {
      double seconds = startUntilStreaming(keptState, Duration.ofSeconds(60));
      StateStoreStatus store = table(keptState).stateStore();
      assertThat(store.restoredFrom()).isEqualTo("checkpoint");
      assertThat(store.recordsRestored()).as("a clean stop checkpoints everything it committed").isZero();
      assertThat(store.keys()).isGreaterThan(KEYS / 2L);
      System.out.printf("FIGURE large-state: restart to streaming with the state kept, %d keys: %.2f s; store %d MiB%n",
          KEYS, seconds, store.sizeBytes() >> 20);
      updateOldKeysAndExpectUpdates(keptState, 1, 100);
    }

    try (CapturePipeline lostState = new CapturePipeline(fixture.config(yaml), new CaptureMetrics(),
        dir.resolve("new-disk"))) {
      double seconds = startUntilStreaming(lostState, Duration.ofMinutes(3));
      StateStoreStatus store = table(lostState).stateStore();
      assertThat(store.restoredFrom()).isEqualTo("changelog");
      assertThat(store.recordsRestored()).isGreaterThanOrEqualTo(KEYS);
      System.out.printf("FIGURE large-state: restart to streaming from the changelog alone, %d records: %.2f s"
          + " (restore %.0f records/s)%n", store.recordsRestored(), seconds, store.restoreRecordsPerSecond());
      updateOldKeysAndExpectUpdates(lostState, 500_001, 500_100);
    }
  }
}
