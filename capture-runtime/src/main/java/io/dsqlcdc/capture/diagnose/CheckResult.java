package io.dsqlcdc.capture.diagnose;

/**
 * One line of a diagnosis. A failure carries a CamelCase reason (the one status and conditions show) and the fix.
 * Never holds a token, password or secret key.
 */
public record CheckResult(String name, Outcome outcome, String detail, String reason, String fix) {

  public enum Outcome { PASS, FAIL, SKIP }

  public static CheckResult pass(String name, String detail) {
    return new CheckResult(name, Outcome.PASS, detail, null, null);
  }

  public static CheckResult fail(String name, String reason, String detail, String fix) {
    return new CheckResult(name, Outcome.FAIL, detail, reason, fix);
  }

  public static CheckResult skip(String name, String why) {
    return new CheckResult(name, Outcome.SKIP, why, null, null);
  }

  public boolean failed() {
    return outcome == Outcome.FAIL;
  }

  /** {@code PASS  name: detail}; a failure adds its reason and a second line with the fix. */
  public String render() {
    String line = String.format("%-4s  %s: %s", outcome, name, detail) + (reason == null ? "" : " [" + reason + "]");
    return fix == null ? line : line + System.lineSeparator() + "      fix: " + fix;
  }
}
