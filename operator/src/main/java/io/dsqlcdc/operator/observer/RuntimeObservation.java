package io.dsqlcdc.operator.observer;

import io.dsqlcdc.api.status.RuntimeStatus;

/** What the operator learnt from the runtime's /status on this pass. */
public record RuntimeObservation(Kind kind, RuntimeStatus status, String message) {

  public enum Kind {
    /** The runtime answered with its status. */
    REPORTED,
    /** A runtime should be answering but did not (no address, refused, timed out, error status, bad JSON). */
    UNREACHABLE,
    /** No runtime pod is available, so none was asked. */
    NOT_RUNNING
  }

  public static RuntimeObservation reported(RuntimeStatus status) {
    return new RuntimeObservation(Kind.REPORTED, status, null);
  }

  public static RuntimeObservation unreachable(String message) {
    return new RuntimeObservation(Kind.UNREACHABLE, null, message);
  }

  public static RuntimeObservation notRunning() {
    return new RuntimeObservation(Kind.NOT_RUNNING, null, null);
  }
}
