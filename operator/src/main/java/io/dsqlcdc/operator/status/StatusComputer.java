package io.dsqlcdc.operator.status;

import io.dsqlcdc.api.spec.Durations;
import io.dsqlcdc.api.status.ChangeStreamStatus;
import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.api.status.DsqlCdcPipelineStatus;
import io.dsqlcdc.api.status.Phase;
import io.dsqlcdc.api.status.RuntimeStatus;
import io.dsqlcdc.api.status.TableReasons;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.operator.observer.RuntimeObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns what a pass found out into the resource's status. Pure: no I/O, the clock is passed in. */
public final class StatusComputer {
  private static final Set<String> FAILED_DSQL_STREAM_STATUSES = Set.of("FAILED", "DELETING", "DELETED");

  private StatusComputer() {
  }

  public static DsqlCdcPipelineStatus compute(PipelineFacts facts, DsqlCdcPipelineStatus previous, Instant now) {
    RuntimeStatus reported = facts.runtime().kind() == RuntimeObservation.Kind.REPORTED ? facts.runtime().status() : null;
    List<ConditionDraft> drafts = List.of(
        ready(facts, reported),
        deploymentAvailable(facts),
        connection(Reasons.SOURCE_CONNECTED, facts.runtime(), reported == null ? null : reported.source()),
        connection(Reasons.SINK_CONNECTED, facts.runtime(), reported == null ? null : reported.sink()),
        degraded(facts.runtime(), reported));
    List<TableStatus> tables = reported == null ? List.of() : reported.tables();
    return new DsqlCdcPipelineStatus(
        facts.generation(),
        phase(facts, reported),
        ConditionTransitions.merge(previous == null ? List.of() : previous.conditions(), drafts, facts.generation(), now),
        tables,
        reported == null ? null : tablesReady(tables, facts.tableCount()),
        reported == null ? null : lag(tables),
        reported != null && reported.source() != null && reported.source().connected()
            ? reported.source().endpoint() : null,
        reported != null && reported.startedAt() != null ? reported.startedAt().toString()
            : previous == null ? null : previous.runtimeStartedAt(),
        reported == null ? null : reported.stream());
  }

  /** The previous status with Ready=False/ReconcileError: the operator could not carry out the spec. */
  public static DsqlCdcPipelineStatus reconcileFailed(DsqlCdcPipelineStatus previous, long generation, String message,
      Instant now) {
    DsqlCdcPipelineStatus base = previous == null ? DsqlCdcPipelineStatus.empty() : previous;
    List<ConditionDraft> drafts = new java.util.ArrayList<>(base.conditions().stream()
        .filter(c -> !Reasons.READY.equals(c.getType()))
        .map(c -> new ConditionDraft(c.getType(), c.getStatus(), c.getReason(), c.getMessage()))
        .toList());
    drafts.add(0, ConditionDraft.isFalse(Reasons.READY, Reasons.RECONCILE_ERROR, message));
    return new DsqlCdcPipelineStatus(generation, base.phase() == null ? Phase.Pending : base.phase(),
        ConditionTransitions.merge(base.conditions(), drafts, generation, now), base.tables(), base.tablesReady(),
        base.lag(), base.activeEndpoint(), base.runtimeStartedAt(), base.stream());
  }

  private static ConditionDraft ready(PipelineFacts facts, RuntimeStatus reported) {
    String type = Reasons.READY;
    if (facts.blocker() != null) {
      return ConditionDraft.isFalse(type, facts.blocker().reason(), facts.blocker().message());
    }
    if (facts.stopped()) {
      return ConditionDraft.isFalse(type, Reasons.STOPPED, "spec.state is stopped: the runtime runs no pod");
    }
    // the runtime's own account of a lost source or sink says more than the unready pod it causes
    if (reported != null && reported.source() != null && !reported.source().connected()) {
      return ConditionDraft.isFalse(type, Reasons.SOURCE_NOT_CONNECTED, describe("source", reported.source()));
    }
    if (reported != null && reported.sink() != null && !reported.sink().connected()) {
      return ConditionDraft.isFalse(type, Reasons.SINK_NOT_CONNECTED, describe("sink", reported.sink()));
    }
    // every table failing turns the pod unready too; the tables say why
    List<TableStatus> failed = reported == null ? List.of() : failed(reported);
    if (!failed.isEmpty() && failed.size() == reported.tables().size()) {
      return ConditionDraft.isFalse(type, Reasons.TABLE_FAILED, "every table fails: " + describe(failed));
    }
    if (!facts.deployment().available()) {
      return ConditionDraft.isFalse(type, Reasons.DEPLOYMENT_UNAVAILABLE, facts.deployment().message());
    }
    if (reported == null) {
      String message = facts.runtime().message() == null ? "the runtime did not report its status"
          : facts.runtime().message();
      return ConditionDraft.unknown(type, Reasons.RUNTIME_UNREACHABLE, message);
    }
    if (reported.phase() == Phase.Failed) {
      return ConditionDraft.isFalse(type, Reasons.RUNTIME_FAILED, "the runtime reports phase Failed");
    }
    if (reported.phase() == null || reported.phase() == Phase.Pending) {
      return ConditionDraft.isFalse(type, Reasons.STARTING, "the runtime is starting");
    }
    if (reported.phase() == Phase.Restoring) {
      return ConditionDraft.isFalse(type, Reasons.RESTORING, "restoring capture state: " + reported.tables().stream()
          .filter(t -> t.state() == TableState.Restoring)
          .map(t -> t.name() + " " + (t.stateStore() == null || t.stateStore().recordsRestored() == null ? 0
              : t.stateStore().recordsRestored()) + " records")
          .collect(Collectors.joining(", ")));
    }
    // a failed DSQL stream does not recover: the tables stream, but nothing more will come
    String streamFailure = dsqlStreamFailure(reported);
    if (streamFailure != null) {
      return ConditionDraft.isFalse(type, TableReasons.CHANGE_STREAM_FAILED, streamFailure);
    }
    return ConditionDraft.isTrue(type, Reasons.RUNNING,
        tablesReady(reported.tables(), facts.tableCount()) + " tables " + reported.phase().name().toLowerCase(Locale.ROOT));
  }

  /** True while some tables fail and the others flow (Ready stays True then), naming each with its error. */
  private static ConditionDraft degraded(RuntimeObservation runtime, RuntimeStatus reported) {
    String type = Reasons.DEGRADED;
    if (reported == null) {
      return notReported(type, runtime);
    }
    List<TableStatus> failed = failed(reported);
    String streamFailure = dsqlStreamFailure(reported);
    if (failed.isEmpty() && streamFailure != null) {
      return ConditionDraft.isTrue(type, TableReasons.CHANGE_STREAM_FAILED, streamFailure);
    }
    if (failed.isEmpty() && dsqlStreamReason(reported, TableReasons.CHANGE_STREAM_IMPAIRED,
        TableReasons.CHANGE_STREAM_TARGET_MISMATCH)) {
      return ConditionDraft.isTrue(type, reported.stream().reason(), reported.stream().message());
    }
    if (failed.isEmpty()) {
      return ConditionDraft.isFalse(type, Reasons.TABLES_FLOWING, "no table fails");
    }
    return ConditionDraft.isTrue(type, Reasons.TABLES_FAILING,
        failed.size() + " of " + reported.tables().size() + " tables fail: " + describe(failed));
  }

  /**
   * Stream mode: what to do about a DSQL stream that publishes no more, or null while it does. Its own status says so
   * even while a relay reason (e.g. StreamUnreachable) is the one status.stream shows; a stream GetStream no longer
   * finds has no status, only the reason.
   */
  private static String dsqlStreamFailure(RuntimeStatus reported) {
    if (dsqlStreamReason(reported, TableReasons.CHANGE_STREAM_FAILED)) {
      return reported.stream().message();
    }
    ChangeStreamStatus.DsqlStream dsql = reported.stream() == null ? null : reported.stream().dsqlStream();
    if (dsql == null || dsql.status() == null || !FAILED_DSQL_STREAM_STATUSES.contains(dsql.status())) {
      return null;
    }
    return "DSQL stream " + dsql.arn() + " is " + dsql.status() + (dsql.error() == null ? "" : " with error "
        + dsql.error()) + ": it publishes no more changes and does not recover; create a new DSQL stream to a Kinesis "
        + "stream, point spec.source.changeStream (kinesisStreamArn, dsqlStreamArn) at them and take every table "
        + "again through spec.snapshotRequest";
  }

  /** Stream mode: the reason in status.stream is one of these reasons of the DSQL stream itself. */
  private static boolean dsqlStreamReason(RuntimeStatus reported, String... reasons) {
    return reported.stream() != null && reported.stream().reason() != null
        && List.of(reasons).contains(reported.stream().reason());
  }

  private static List<TableStatus> failed(RuntimeStatus reported) {
    return reported.tables().stream().filter(t -> t.state() == TableState.Failed).toList();
  }

  private static String describe(List<TableStatus> failed) {
    return failed.stream().map(t -> t.name() + (t.lastError() == null ? " failed" : ": " + t.lastError()))
        .collect(Collectors.joining("; "));
  }

  private static ConditionDraft deploymentAvailable(PipelineFacts facts) {
    return new ConditionDraft(Reasons.DEPLOYMENT_AVAILABLE,
        facts.deployment().available() ? ConditionDraft.TRUE : ConditionDraft.FALSE,
        facts.deployment().reason(), facts.deployment().message());
  }

  private static ConditionDraft connection(String type, RuntimeObservation runtime, ConnectionStatus side) {
    if (runtime.kind() != RuntimeObservation.Kind.REPORTED) {
      return notReported(type, runtime);
    }
    if (side == null) {
      return ConditionDraft.unknown(type, Reasons.NOT_REPORTED, "the runtime did not report this connection");
    }
    if (side.connected()) {
      return ConditionDraft.isTrue(type, Objects.requireNonNullElse(side.reason(), Reasons.CONNECTED),
          side.endpoint() == null ? "connected" : "connected to " + side.endpoint());
    }
    return ConditionDraft.isFalse(type, Objects.requireNonNullElse(side.reason(), Reasons.DISCONNECTED),
        Objects.requireNonNullElse(side.message(), "not connected"));
  }

  /** A condition only the runtime can tell, while it tells nothing. */
  private static ConditionDraft notReported(String type, RuntimeObservation runtime) {
    return runtime.kind() == RuntimeObservation.Kind.NOT_RUNNING
        ? ConditionDraft.unknown(type, Reasons.RUNTIME_NOT_RUNNING, "no runtime pod is available")
        : ConditionDraft.unknown(type, Reasons.RUNTIME_UNREACHABLE, runtime.message());
  }

  private static Phase phase(PipelineFacts facts, RuntimeStatus reported) {
    if (facts.blocker() != null) {
      return Phase.Failed;
    }
    if (facts.stopped()) {
      return Phase.Stopped;
    }
    if (reported != null && reported.phase() != null) {
      return reported.phase();
    }
    return Phase.Pending;
  }

  private static String describe(String side, ConnectionStatus status) {
    String what = status.endpoint() == null ? side : side + " " + status.endpoint();
    return what + ": " + Objects.requireNonNullElse(status.reason(), Reasons.DISCONNECTED)
        + (status.message() == null ? "" : ": " + status.message());
  }

  static String tablesReady(List<TableStatus> tables, int tableCount) {
    long flowing = tables.stream()
        .filter(t -> (t.state() == TableState.Streaming || t.state() == TableState.Snapshotting) && t.lastError() == null)
        .count();
    return flowing + "/" + tableCount;
  }

  /** The largest lag, to a tenth of a second below 10 s and as a duration above (e.g. 1.2s, 4m5s). */
  static String lag(List<TableStatus> tables) {
    return tables.stream().map(TableStatus::lagSeconds).filter(Objects::nonNull).max(Double::compare)
        .map(seconds -> seconds < 10
            ? String.format(Locale.ROOT, "%.1fs", Math.max(0, seconds))
            : Durations.format(Duration.ofSeconds(Math.round(seconds))))
        .orElse(null);
  }
}
