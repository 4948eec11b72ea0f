package io.dsqlcdc.capture.diagnose;

import io.dsqlcdc.api.status.ConnectionReasons;
import io.dsqlcdc.capture.dsqlstream.DsqlStreamState;
import io.dsqlcdc.capture.dsqlstream.DsqlStreamVerdict;
import io.dsqlcdc.capture.dsqlstream.GetStreamClient;
import io.dsqlcdc.capture.dsqlstream.GetStreamException;

/**
 * Stream mode with {@code changeStream.dsqlStreamArn}: the DSQL stream's own status, read as the runtime reads it
 * (GetStream, the pod's credentials): it passes while the stream is ACTIVE (or CREATING) and publishes into
 * kinesisStreamArn, and fails with the reason status would show and what to do.
 */
final class DsqlStreamCheck {
  static final String NAME = "DSQL GetStream";

  private DsqlStreamCheck() {
  }

  static CheckResult run(GetStreamClient client, String kinesisStreamArn) {
    String arn = client.streamArn();
    try {
      DsqlStreamState state = client.get();
      DsqlStreamVerdict verdict = DsqlStreamVerdict.of(state, arn, kinesisStreamArn);
      String detail = arn + " is " + state.status() + (state.error() == null ? "" : " (" + state.error() + ")")
          + ", publishing into " + state.targetStreamArn();
      return verdict.reason() == null ? CheckResult.pass(NAME, detail)
          : CheckResult.fail(NAME, verdict.reason(), detail, verdict.message() + ".");
    } catch (GetStreamException e) {
      DsqlStreamVerdict verdict = DsqlStreamVerdict.of(e, arn);
      String reason = e.accessDenied() ? ConnectionReasons.PERMISSION_DENIED : e.httpStatus() == 0
          ? ConnectionReasons.UNREACHABLE : verdict.reason();
      String fix = e.accessDenied() ? "the IAM policy must allow dsql:GetStream on " + arn + "."
          : e.httpStatus() == 0 ? "allow HTTPS from the pod to " + client.endpointHost()
          + " (or set changeStream.dsqlEndpoint to a VPC endpoint's URL)." : verdict.message() + ".";
      return CheckResult.fail(NAME, reason, e.getMessage(), fix);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.fail(NAME, CheckReasons.INTERRUPTED, "interrupted", "run diagnose again.");
    }
  }
}
