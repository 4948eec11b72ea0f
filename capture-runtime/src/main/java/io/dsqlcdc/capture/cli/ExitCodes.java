package io.dsqlcdc.capture.cli;

/** Process exit codes of the runtime's commands. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int INVALID_CONFIG = 2;
  public static final int FENCED = 3;

  private ExitCodes() {
  }
}
