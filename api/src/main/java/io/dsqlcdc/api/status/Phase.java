package io.dsqlcdc.api.status;

/** Coarse state of a pipeline, shown as the PHASE column. */
public enum Phase {
  Pending, Snapshotting, Streaming, Stopped, Failed
}
