package io.dsqlcdc.capture.config;

import io.dsqlcdc.api.spec.CaptureSpec;
import io.dsqlcdc.api.spec.ChangeStreamSpec;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.Durations;
import io.dsqlcdc.api.spec.FormatSpec;
import io.dsqlcdc.api.spec.SnapshotMode;
import io.dsqlcdc.api.spec.SnapshotRequest;
import io.dsqlcdc.api.spec.TableSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * The capture settings of a spec in the units the capture works in.
 *
 * @param sliceWidthMicros width of one digest slice of the unsettled window: 1/3000 of the lateness bound, at least
 *                         10 ms, so a late row costs re-reading one small slice (100 ms of rows for a 300 s bound)
 * @param sweepPeriod      how often each slice of the unsettled window is compared with the database: a late row is
 *                         noticed within this long of its commit (1/60 of the lateness bound, 1 to 10 s, and never
 *                         more often than the poll interval)
 * @param snapshotRequest  spec.snapshotRequest, or null
 * @param changeStream     spec.source.changeStream (stream mode), or null (poll mode)
 */
public record CaptureSettings(int batchSize, long latenessMicros, Duration pollInterval, Duration maxPollInterval,
                              long sliceWidthMicros, Duration sweepPeriod, SnapshotMode snapshot, FormatSpec format,
                              String topicPrefix, String database, SnapshotRequest snapshotRequest,
                              ChangeStreamSpec changeStream) {

  public static CaptureSettings of(DsqlCdcPipelineSpec spec) {
    CaptureSpec c = spec.capture();
    long lateness = Durations.parse(c.maxTransactionDuration()).toNanos() / 1000;
    Duration poll = Durations.parse(c.pollInterval());
    return new CaptureSettings(c.batchSize(), lateness, poll, Durations.parse(c.maxPollInterval()),
        Math.max(10_000L, lateness / 3000), sweepPeriod(lateness, poll), c.snapshot(), spec.sink().format(),
        spec.sink().topicPrefix(), spec.source().database(), spec.snapshotRequest(), spec.source().changeStream());
  }

  /** The tables' changes come from DSQL's change stream, not from polling. */
  public boolean streamMode() {
    return changeStream != null;
  }

  private static Duration sweepPeriod(long latenessMicros, Duration poll) {
    long millis = Math.min(10_000L, Math.max(1_000L, latenessMicros / 60_000));
    return Duration.ofMillis(Math.max(millis, poll.toMillis()));
  }

  /** The id of the snapshot request that names this table, if one does. */
  public Optional<String> snapshotRequestFor(TableSpec table) {
    if (snapshotRequest == null) {
      return Optional.empty();
    }
    boolean named = snapshotRequest.tables().stream()
        .anyMatch(n -> new TableSpec(n, null).qualifiedName().equals(table.qualifiedName()));
    return named ? Optional.of(snapshotRequest.id()) : Optional.empty();
  }
}
