package io.dsqlcdc.capture.pipeline;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/** One table's capture as its {@link TableWorker} drives it: prepared, stepped, and made to forget its state. */
interface TableCapture {
  String name();

  /** Reads the schema and, the first time or after {@link #forgetState()}, restores the table's state. */
  void prepare() throws SQLException, InterruptedException;

  /** One poll; true when a full page came back, so the table should be polled again at once. */
  boolean step() throws SQLException, InterruptedException;

  /** Whether the last step read or emitted anything. */
  boolean lastStepHadRows();

  /** Batches submitted but not yet committed. */
  int inFlight();

  /** How long until the table's hard-delete scan is due; empty when the table has none. */
  Optional<Duration> untilScanDue();

  /** Drops the state (once no batch is in flight), so the next prepare() rebuilds it from what Kafka committed. */
  void forgetState();
}
