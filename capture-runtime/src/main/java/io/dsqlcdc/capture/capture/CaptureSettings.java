package io.dsqlcdc.capture.capture;

import io.dsqlcdc.api.spec.CaptureSpec;
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
 * @param sliceWidthMicros width of one digest slice of the unsettled window: 1/64 of the lateness bound, at least
 *                         250 ms, so a late row costs re-reading one small slice
 * @param snapshotRequest  spec.snapshotRequest, or null
 */
public record CaptureSettings(int batchSize, long latenessMicros, Duration pollInterval, Duration maxPollInterval,
                              long sliceWidthMicros, SnapshotMode snapshot, FormatSpec format, String topicPrefix,
                              String database, SnapshotRequest snapshotRequest) {

  public static CaptureSettings of(DsqlCdcPipelineSpec spec) {
    CaptureSpec c = spec.capture();
    long lateness = Durations.parse(c.maxTransactionDuration()).toNanos() / 1000;
    return new CaptureSettings(c.batchSize(), lateness, Durations.parse(c.pollInterval()),
        Durations.parse(c.maxPollInterval()), Math.max(250_000L, lateness / 64), c.snapshot(), spec.sink().format(),
        spec.sink().topicPrefix(), spec.source().database(), spec.snapshotRequest());
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
