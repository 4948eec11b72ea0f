package io.dsqlcdc.api.status;

/** State of one captured table. */
public enum TableState {
  /** Not started yet (waiting for its first poll or for the source). */
  Pending,
  Snapshotting,
  Streaming,
  /** The last attempt failed; the runtime retries with backoff while the other tables flow. */
  Failed
}
