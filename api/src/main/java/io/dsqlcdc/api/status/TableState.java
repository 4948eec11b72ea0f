package io.dsqlcdc.api.status;

/** State of one captured table. */
public enum TableState {
  /** Not started yet (waiting for its first poll or for the source). */
  Pending,
  /** Rebuilding its capture state from the local checkpoint and the changelog topic; nothing is captured yet. */
  Restoring,
  Snapshotting,
  Streaming,
  /** The last attempt failed; the runtime retries with backoff while the other tables flow. */
  Failed
}
