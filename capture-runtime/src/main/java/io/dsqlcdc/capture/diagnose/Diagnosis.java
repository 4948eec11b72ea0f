package io.dsqlcdc.capture.diagnose;

import java.io.PrintStream;
import java.util.List;

/** The results of every check, in the order they ran. */
public record Diagnosis(List<CheckResult> results) {

  public Diagnosis {
    results = List.copyOf(results);
  }

  public boolean passed() {
    return results.stream().noneMatch(CheckResult::failed);
  }

  public void print(PrintStream out) {
    results.forEach(r -> out.println(r.render()));
    long failed = results.stream().filter(CheckResult::failed).count();
    out.println(failed == 0 ? "All checks passed." : failed + " check(s) failed.");
  }
}
