package io.dsqlcdc.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.status.ChangeStreamStatus;
import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.api.status.DsqlCdcPipelineStatus;
import io.dsqlcdc.api.status.Phase;
import io.dsqlcdc.api.status.RuntimeStatus;
import io.dsqlcdc.api.status.StateStoreStatus;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.operator.observer.DeploymentState;
import io.dsqlcdc.operator.observer.RuntimeObservation;
import io.dsqlcdc.operator.status.PipelineFacts.Blocker;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusComputerTest {
  static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  static final DeploymentState AVAILABLE = new DeploymentState(true, Reasons.AVAILABLE, "ready");
  static final DeploymentState ROLLING = new DeploymentState(false, Reasons.ROLLING_OUT, "rolling out");
  static final TableStatus STREAMING = new TableStatus("public.orders", TableState.Streaming, 10L, 1.24, null, "c", null);
  static final TableStatus SNAPSHOTTING = new TableStatus("public.items", TableState.Snapshotting, 0L, 42.0, 5L, null, null);
  static final TableStatus FAILED = new TableStatus("public.items", TableState.Failed, 0L, null, null, null,
      "permission denied for table items: GRANT SELECT");

  static RuntimeObservation reported(Phase phase, TableStatus... tables) {
    return RuntimeObservation.reported(new RuntimeStatus("orders", phase, NOW,
        ConnectionStatus.up("db.example"), ConnectionStatus.up("kafka:9092"), List.of(tables)));
  }

  static DsqlCdcPipelineStatus compute(Blocker blocker, boolean stopped, DeploymentState d, RuntimeObservation r) {
    return StatusComputer.compute(new PipelineFacts(3, stopped, 2, blocker, d, r), null, NOW);
  }

  static Condition condition(DsqlCdcPipelineStatus s, String type) {
    return ConditionTransitions.find(s.conditions(), type);
  }

  @Test
  void isReadyWhenTheRuntimeStreamsEveryTable() {
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, reported(Phase.Streaming, STREAMING, SNAPSHOTTING));
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("Running");
    assertThat(s.phase()).isEqualTo(Phase.Streaming);
    assertThat(s.observedGeneration()).isEqualTo(3L);
    assertThat(s.tables()).containsExactly(STREAMING, SNAPSHOTTING);
    assertThat(s.tablesReady()).isEqualTo("2/2");
    assertThat(s.lag()).isEqualTo("42s");
    assertThat(s.activeEndpoint()).isEqualTo("db.example");
    assertThat(s.conditions()).extracting(Condition::getType)
        .containsExactly("Ready", "DeploymentAvailable", "SourceConnected", "SinkConnected", "Degraded");
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("TablesFlowing");
    assertThat(s.conditions()).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3L));
  }

  @Test
  void showsWhenTheReportingRuntimeStartedSoARestartIsVisible() {
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, reported(Phase.Streaming, STREAMING));
    assertThat(s.runtimeStartedAt()).isEqualTo(NOW.toString());
  }

  @Test
  void keepsTheLastRuntimeStartWhileTheRuntimeDoesNotAnswer() {
    DsqlCdcPipelineStatus before = compute(null, false, AVAILABLE, reported(Phase.Streaming, STREAMING));
    DsqlCdcPipelineStatus after = StatusComputer.compute(new PipelineFacts(3, false, 2, null, AVAILABLE,
        RuntimeObservation.unreachable("connection refused")), before, NOW);
    assertThat(after.runtimeStartedAt()).isEqualTo(NOW.toString());
  }

  @Test
  void namesTheLostSourceEvenWhileThePodIsUnreadyBecauseOfIt() {
    DeploymentState unready = new DeploymentState(false, Reasons.UNAVAILABLE, "Deployment orders: pod is not ready");
    RuntimeObservation sourceDown = RuntimeObservation.reported(new RuntimeStatus("orders", Phase.Streaming, NOW,
        ConnectionStatus.down("db.example", "Unreachable", "connection refused"), ConnectionStatus.up("kafka:9092"),
        List.of(STREAMING)));
    DsqlCdcPipelineStatus s = compute(null, false, unready, sourceDown);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("SourceNotConnected");
    assertThat(condition(s, "SourceConnected").getStatus()).isEqualTo("False");
    assertThat(condition(s, "SourceConnected").getMessage()).isEqualTo("connection refused");
  }

  static RuntimeObservation streamReported(String streamReason, String message) {
    return RuntimeObservation.reported(new RuntimeStatus("orders", Phase.Streaming, NOW,
        ConnectionStatus.up("db.example"), ConnectionStatus.up("kafka:9092"), List.of(STREAMING),
        new ChangeStreamStatus("arn:aws:kinesis:us-east-1:123456789012:stream/s", streamReason, message, 0, List.of())));
  }

  @Test
  void aFailedDsqlStreamMakesItUnreadyAndDegradedWithTheStreamsMessage() {
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, streamReported("ChangeStreamFailed", "create a new one"));
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("ChangeStreamFailed");
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Degraded").getMessage()).isEqualTo("create a new one");
  }

  static RuntimeObservation relayUnreachableWhileDsqlStream(String dsqlStatus) {
    return RuntimeObservation.reported(new RuntimeStatus("orders", Phase.Streaming, NOW,
        ConnectionStatus.up("db.example"), ConnectionStatus.up("kafka:9092"), List.of(STREAMING),
        new ChangeStreamStatus("arn:aws:kinesis:us-east-1:123456789012:stream/s", "StreamUnreachable",
            "reading the change stream failed, retrying: throttled", 0, List.of(),
            new ChangeStreamStatus.DsqlStream("arn:aws:dsql:us-east-1:123456789012:stream/d", dsqlStatus,
                "KINESIS_STREAM_NOT_FOUND", "arn:aws:kinesis:us-east-1:123456789012:stream/s",
                NOW.toString()))));
  }

  @Test
  void aFailedDsqlStreamMakesItUnreadyWhileARelayReasonIsTheOneShown() {
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, relayUnreachableWhileDsqlStream("FAILED"));
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("ChangeStreamFailed");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo("DSQL stream arn:aws:dsql:us-east-1:123456789012:"
        + "stream/d is FAILED with error KINESIS_STREAM_NOT_FOUND: it publishes no more changes and does not recover; "
        + "create a new DSQL stream to a Kinesis stream, point spec.source.changeStream (kinesisStreamArn, "
        + "dsqlStreamArn) at them and take every table again through spec.snapshotRequest");
  }

  @Test
  void aFailedDsqlStreamMakesItDegradedWhileARelayReasonIsTheOneShown() {
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, relayUnreachableWhileDsqlStream("FAILED"));
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("ChangeStreamFailed");
  }

  @Test
  void anActiveDsqlStreamLeavesItReadyWhileTheRelayCannotReadKinesis() {
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, relayUnreachableWhileDsqlStream("ACTIVE"));
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void anImpairedDsqlStreamLeavesItReadyAndDegraded() {
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, streamReported("ChangeStreamImpaired", "add shards"));
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("ChangeStreamImpaired");
  }

  @Test
  void anUnreadableDsqlStreamStatusIsOnlyAWarningInStatusStream() {
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, streamReported("ChangeStreamStatusUnreadable",
        "allow dsql:GetStream"));
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("False");
    assertThat(s.stream().reason()).isEqualTo("ChangeStreamStatusUnreadable");
  }

  @Test
  void someFailingTablesLeaveItReadyAndDegradedNamingEachTableAndItsError() {
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, reported(Phase.Streaming, STREAMING, FAILED));
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Degraded").getReason()).isEqualTo("TablesFailing");
    assertThat(condition(s, "Degraded").getMessage())
        .isEqualTo("1 of 2 tables fail: public.items: permission denied for table items: GRANT SELECT");
    assertThat(s.tablesReady()).isEqualTo("1/2");
  }

  @Test
  void everyTableFailingMakesItUnreadyNamingTheTablesThoughTheUnreadyPodIsUnavailable() {
    DeploymentState unready = new DeploymentState(false, Reasons.UNAVAILABLE, "Deployment orders: pod is not ready");
    DsqlCdcPipelineStatus s = compute(null, false, unready, reported(Phase.Failed, FAILED));
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("TableFailed");
    assertThat(condition(s, "Ready").getMessage())
        .isEqualTo("every table fails: public.items: permission denied for table items: GRANT SELECT");
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("True");
  }

  @Test
  void namesTheLostBrokerWithTheRuntimesReason() {
    RuntimeObservation sinkDown = RuntimeObservation.reported(new RuntimeStatus("orders", Phase.Streaming, NOW,
        ConnectionStatus.up("db.example"), ConnectionStatus.down("kafka:9092", "Unreachable",
        "Timed out waiting for a node assignment: check spec.sink.bootstrapServers"), List.of(STREAMING)));
    DsqlCdcPipelineStatus s = compute(null, false, ROLLING, sinkDown);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("SinkNotConnected");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo(
        "sink kafka:9092: Unreachable: Timed out waiting for a node assignment: check spec.sink.bootstrapServers");
    assertThat(condition(s, "SinkConnected").getStatus()).isEqualTo("False");
    assertThat(condition(s, "SinkConnected").getReason()).isEqualTo("Unreachable");
  }

  @Test
  void isUnknownNeverTrueWhenTheRuntimeDoesNotAnswer() {
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, RuntimeObservation.unreachable("connection refused"));
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("Unknown");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("RuntimeUnreachable");
    assertThat(condition(s, "SourceConnected").getStatus()).isEqualTo("Unknown");
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("Unknown");
    assertThat(s.tables()).isEmpty();
    assertThat(s.lag()).isNull();
  }

  @Test
  void reportsTheBlockerAsFailed() {
    DsqlCdcPipelineStatus s = compute(new Blocker("SecretNotFound", "Secret pg not found"), false, AVAILABLE,
        reported(Phase.Streaming, STREAMING));
    assertThat(condition(s, "Ready").getReason()).isEqualTo("SecretNotFound");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo("Secret pg not found");
    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(condition(s, "DeploymentAvailable").getStatus()).isEqualTo("True");
  }

  @Test
  void isStoppedWhenTheSpecSaysSo() {
    DsqlCdcPipelineStatus s = compute(null, true, new DeploymentState(false, Reasons.SCALED_TO_ZERO, "0 replicas"),
        RuntimeObservation.notRunning());
    assertThat(s.phase()).isEqualTo(Phase.Stopped);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("Stopped");
    assertThat(condition(s, "SinkConnected").getReason()).isEqualTo("RuntimeNotRunning");
  }

  @Test
  void waitsForTheDeploymentBeforeAskingTheRuntime() {
    DsqlCdcPipelineStatus s = compute(null, false, ROLLING, RuntimeObservation.notRunning());
    assertThat(condition(s, "Ready").getReason()).isEqualTo("DeploymentUnavailable");
    assertThat(condition(s, "DeploymentAvailable").getReason()).isEqualTo("RollingOut");
    assertThat(s.phase()).isEqualTo(Phase.Pending);
  }

  @Test
  void passesOnTheRuntimesConnectionReason() {
    RuntimeObservation r = RuntimeObservation.reported(new RuntimeStatus("orders", Phase.Pending, NOW,
        ConnectionStatus.down("db.example", "AuthenticationFailed", "token rejected: check the role"),
        ConnectionStatus.up("kafka:9092"), List.of()));
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, r);
    assertThat(condition(s, "SourceConnected").getStatus()).isEqualTo("False");
    assertThat(condition(s, "SourceConnected").getReason()).isEqualTo("AuthenticationFailed");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("SourceNotConnected");
    assertThat(condition(s, "Ready").getMessage()).contains("AuthenticationFailed").contains("check the role");
    assertThat(condition(s, "SinkConnected").getStatus()).isEqualTo("True");
  }

  @Test
  void passesOnTheRuntimesSinkReasonSuchAsMissingAwsCredentialsForMskIam() {
    String message = "no AWS credentials for aws-msk-iam authentication: give the runtime's pod an IAM role";
    RuntimeObservation r = RuntimeObservation.reported(new RuntimeStatus("orders", Phase.Pending, NOW,
        ConnectionStatus.up("db.example"), ConnectionStatus.down("b-1.msk.example:9098", "CredentialsNotFound", message),
        List.of()));
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, r);
    assertThat(condition(s, "SinkConnected").getStatus()).isEqualTo("False");
    assertThat(condition(s, "SinkConnected").getReason()).isEqualTo("CredentialsNotFound");
    assertThat(condition(s, "SinkConnected").getMessage()).isEqualTo(message);
    assertThat(condition(s, "Ready").getReason()).isEqualTo("SinkNotConnected");
    assertThat(condition(s, "Ready").getMessage())
        .isEqualTo("sink b-1.msk.example:9098: CredentialsNotFound: " + message);
  }

  @Test
  void isNotReadyWhileTheRuntimeStarts() {
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, reported(Phase.Pending));
    assertThat(condition(s, "Ready").getReason()).isEqualTo("Starting");
  }

  @Test
  void isNotReadyWhileATableRestoresItsStateAndSaysHowFarItGot() {
    TableStatus restoring = new TableStatus("public.orders", TableState.Restoring, 0L, null, null, null, null,
        new StateStoreStatus(null, null, 120_000L, 400_000.0, "changelog"));
    DsqlCdcPipelineStatus s = compute(null, false, AVAILABLE, reported(Phase.Restoring, restoring));
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("Restoring");
    assertThat(condition(s, "Ready").getMessage()).contains("public.orders 120000 records");
    assertThat(s.phase()).isEqualTo(Phase.Restoring);
  }

  @Test
  void computesTheSameStatusTwiceSoNothingIsRewritten() {
    PipelineFacts facts = new PipelineFacts(3, false, 2, null, AVAILABLE, reported(Phase.Streaming, STREAMING));
    DsqlCdcPipelineStatus first = StatusComputer.compute(facts, null, NOW);
    assertThat(StatusComputer.compute(facts, first, NOW.plusSeconds(60))).isEqualTo(first);
  }

  @Test
  void formatsLagInTenthsBelowTenSecondsAndAsADurationAbove() {
    assertThat(StatusComputer.lag(List.of(STREAMING))).isEqualTo("1.2s");
    assertThat(StatusComputer.lag(List.of(new TableStatus("t", TableState.Streaming, 1L, 245.4, null, null, null))))
        .isEqualTo("4m5s");
    assertThat(StatusComputer.lag(List.of(FAILED))).isNull();
  }

  @Test
  void recordsAReconcileErrorOnTopOfThePreviousStatus() {
    DsqlCdcPipelineStatus before = compute(null, false, AVAILABLE, reported(Phase.Streaming, STREAMING));
    DsqlCdcPipelineStatus after = StatusComputer.reconcileFailed(before, 4, "409 Conflict", NOW);
    assertThat(condition(after, "Ready").getReason()).isEqualTo("ReconcileError");
    assertThat(condition(after, "Ready").getMessage()).isEqualTo("409 Conflict");
    assertThat(condition(after, "DeploymentAvailable")).isEqualTo(condition(before, "DeploymentAvailable").toBuilder()
        .withObservedGeneration(4L).build());
    assertThat(after.tables()).isEqualTo(before.tables());
  }
}
