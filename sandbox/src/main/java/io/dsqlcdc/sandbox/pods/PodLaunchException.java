package io.dsqlcdc.sandbox.pods;

/**
 * A pod template that cannot be started as it stands (a missing Secret or key, an image with no local command);
 * the reason is what a kubelet would report, e.g. {@code CreateContainerConfigError}.
 */
public final class PodLaunchException extends Exception {
  private final String reason;

  public PodLaunchException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
