package io.dsqlcdc.capture.dsqlstream;

import io.dsqlcdc.api.status.TableReasons;

/**
 * What a DSQL stream's state means for the pipeline relaying its Kinesis stream: a reason of {@link TableReasons}
 * with what happened and what to do, or none while the stream publishes (or is being created); {@code active} while
 * it is ACTIVE and publishes into the relayed Kinesis stream.
 */
public record DsqlStreamVerdict(String reason, String message, boolean active) {
  static final String RESNAPSHOT = "create a new DSQL stream to a Kinesis stream, point spec.source.changeStream "
      + "(kinesisStreamArn, dsqlStreamArn) at them and take every table again through spec.snapshotRequest: the "
      + "changes since the stream stopped are not in the Kinesis stream";

  /** No reason: the stream publishes, or is not in a state that needs anyone. */
  static DsqlStreamVerdict fine(boolean active) {
    return new DsqlStreamVerdict(null, null, active);
  }

  /** The verdict on what GetStream answered, for a pipeline relaying {@code kinesisStreamArn}. */
  public static DsqlStreamVerdict of(DsqlStreamState state, String dsqlStreamArn, String kinesisStreamArn) {
    if (state.targetStreamArn() != null && !state.targetStreamArn().equals(kinesisStreamArn)) {
      return new DsqlStreamVerdict(TableReasons.CHANGE_STREAM_TARGET_MISMATCH, "the DSQL stream in "
          + "spec.source.changeStream.dsqlStreamArn (" + dsqlStreamArn + ") publishes into Kinesis stream "
          + state.targetStreamArn() + ", not into spec.source.changeStream.kinesisStreamArn (" + kinesisStreamArn
          + "): correct one of the two fields so that they name a DSQL stream and the Kinesis stream it publishes "
          + "into", false);
    }
    String status = state.status() == null ? "UNKNOWN" : state.status();
    return switch (status) {
      case "ACTIVE" -> fine(true);
      case "CREATING" -> fine(false);
      case "IMPAIRED" -> new DsqlStreamVerdict(TableReasons.CHANGE_STREAM_IMPAIRED, "DSQL stream " + dsqlStreamArn
          + " is IMPAIRED" + errorPart(state) + ": DSQL cannot publish into " + kinesisStreamArn + " now and changes "
          + "are delayed until it can; " + advice(state), false);
      case "FAILED", "DELETING", "DELETED" -> new DsqlStreamVerdict(TableReasons.CHANGE_STREAM_FAILED,
          "DSQL stream " + dsqlStreamArn + " is " + status + errorPart(state) + (state.error() == null ? ""
              : " (" + advice(state) + ")") + ": it publishes no more changes into " + kinesisStreamArn
              + " and does not recover; " + RESNAPSHOT + ". The relay keeps relaying what the Kinesis stream holds",
          false);
      default -> fine(false);
    };
  }

  /** GetStream failed: the stream is gone (not found) or its status is unknown for now (denied, unreachable). */
  public static DsqlStreamVerdict of(GetStreamException error, String dsqlStreamArn) {
    if (error.notFound()) {
      return new DsqlStreamVerdict(TableReasons.CHANGE_STREAM_FAILED, "GetStream finds no DSQL stream "
          + dsqlStreamArn + " (" + error.getMessage() + "): it was deleted, or spec.source.changeStream.dsqlStreamArn "
          + "is wrong; if it was deleted, " + RESNAPSHOT, false);
    }
    if (error.accessDenied()) {
      return new DsqlStreamVerdict(TableReasons.CHANGE_STREAM_STATUS_UNREADABLE, "the runtime may not read the DSQL "
          + "stream's status (" + error.getMessage() + "): allow dsql:GetStream on " + dsqlStreamArn + " to the "
          + "runtime's IAM role; the relay goes on meanwhile, blind to a failed DSQL stream", false);
    }
    return new DsqlStreamVerdict(TableReasons.CHANGE_STREAM_STATUS_UNREADABLE, "reading the DSQL stream's status "
        + "failed, retrying in a minute: " + error.getMessage(), false);
  }

  private static String errorPart(DsqlStreamState state) {
    return state.error() == null ? "" : " with error " + state.error();
  }

  /** What to do about the stream's statusReason.error. */
  static String advice(DsqlStreamState state) {
    String role = state.roleArn() == null ? "the DSQL stream's role" : "the DSQL stream's role (" + state.roleArn() + ")";
    if (state.error() == null) {
      return "DSQL gives no cause; see the stream in the DSQL console";
    }
    return switch (state.error()) {
      case "KINESIS_THROUGHPUT_EXCEEDED" -> "the Kinesis stream cannot take DSQL's write rate: add shards "
          + "(UpdateShardCount) or switch it to on-demand capacity";
      case "ROLE_ACCESS_DENIED" -> "DSQL may not use " + role + ": fix its trust policy (DSQL must be allowed to "
          + "assume it) and its permissions policy";
      case "KINESIS_ACCESS_DENIED" -> role + " may not write into the Kinesis stream: allow kinesis:PutRecord and "
          + "kinesis:PutRecords on it in the role's policy";
      case "KINESIS_KMS_ACCESS_DENIED" -> role + " may not use the Kinesis stream's KMS key: allow "
          + "kms:GenerateDataKey on the key in the role's policy (and the key's policy)";
      case "KINESIS_OVERSIZE_RECORD" -> "a change made a record over the Kinesis stream's maximum record size: raise "
          + "the stream's maximum record size or keep the rows smaller";
      case "KINESIS_STREAM_NOT_FOUND" -> "the Kinesis stream it publishes into does not exist: create it again, or "
          + "create a new DSQL stream to an existing one";
      case "CLUSTER_CMK_INACCESSIBLE" -> "DSQL cannot use the cluster's customer managed KMS key: restore its access "
          + "to the key (key policy, key enabled)";
      case "INTERNAL_ERROR" -> "an internal DSQL error; contact AWS support if it stays";
      default -> "see the DSQL documentation for " + state.error();
    };
  }
}
