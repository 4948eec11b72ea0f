package io.dsqlcdc.api.status;

/** Coarse state of a pipeline, shown as the PHASE column; Restoring: a table rebuilds its capture state. */
public enum Phase {
  Pending, Restoring, Snapshotting, Streaming, Stopped, Failed
}
