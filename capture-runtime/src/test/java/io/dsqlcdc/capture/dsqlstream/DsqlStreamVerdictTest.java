package io.dsqlcdc.capture.dsqlstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.status.TableReasons;
import io.dsqlcdc.testsupport.dsql.FakeDsqlControlPlane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DsqlStreamVerdictTest {
  static final String DSQL = FakeDsqlControlPlane.streamArn("us-east-1");
  static final String KINESIS = "arn:aws:kinesis:us-east-1:123456789012:stream/orders-cdc";

  static DsqlStreamVerdict verdict(String status, String error) {
    return DsqlStreamVerdict.of(new DsqlStreamState(DSQL, status, error, KINESIS, "arn:aws:iam::123456789012:role/r"),
        DSQL, KINESIS);
  }

  @Test
  void anActiveStreamHasNoReasonAndIsActive() {
    assertThat(verdict("ACTIVE", null)).isEqualTo(new DsqlStreamVerdict(null, null, true));
  }

  @Test
  void aStreamBeingCreatedHasNoReasonButIsNotActive() {
    assertThat(verdict("CREATING", null)).isEqualTo(new DsqlStreamVerdict(null, null, false));
  }

  @Test
  void aFailedStreamSaysToCreateANewStreamAndResnapshot() {
    DsqlStreamVerdict v = verdict("FAILED", "KINESIS_STREAM_NOT_FOUND");
    assertThat(v.reason()).isEqualTo(TableReasons.CHANGE_STREAM_FAILED);
    assertThat(v.active()).isFalse();
    assertThat(v.message()).contains(DSQL + " is FAILED with error KINESIS_STREAM_NOT_FOUND")
        .contains("does not recover").contains("create a new DSQL stream").contains("spec.snapshotRequest");
  }

  @ParameterizedTest
  @ValueSource(strings = {"DELETING", "DELETED"})
  void aStreamBeingDeletedOrDeletedIsFailed(String status) {
    DsqlStreamVerdict v = verdict(status, null);
    assertThat(v.reason()).isEqualTo(TableReasons.CHANGE_STREAM_FAILED);
    assertThat(v.message()).contains("is " + status).contains("spec.snapshotRequest");
  }

  @Test
  void anImpairedStreamOverThroughputSaysToAddShardsOrGoOnDemand() {
    DsqlStreamVerdict v = verdict("IMPAIRED", "KINESIS_THROUGHPUT_EXCEEDED");
    assertThat(v.reason()).isEqualTo(TableReasons.CHANGE_STREAM_IMPAIRED);
    assertThat(v.message()).contains("IMPAIRED with error KINESIS_THROUGHPUT_EXCEEDED").contains("delayed")
        .contains("add shards").contains("on-demand");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ROLE_ACCESS_DENIED", "KINESIS_ACCESS_DENIED", "KINESIS_KMS_ACCESS_DENIED"})
  void anImpairedStreamDeniedSaysToFixTheStreamsRole(String error) {
    DsqlStreamVerdict v = verdict("IMPAIRED", error);
    assertThat(v.reason()).isEqualTo(TableReasons.CHANGE_STREAM_IMPAIRED);
    assertThat(v.message()).contains(error).contains("arn:aws:iam::123456789012:role/r").contains("policy");
  }

  @Test
  void anImpairedStreamWithAnOversizeRecordNamesTheMaximumRecordSize() {
    assertThat(verdict("IMPAIRED", "KINESIS_OVERSIZE_RECORD").message()).contains("maximum record size");
  }

  @Test
  void aStreamPublishingIntoAnotherKinesisStreamNamesBothFields() {
    DsqlStreamVerdict v = DsqlStreamVerdict.of(new DsqlStreamState(DSQL, "ACTIVE", null,
        "arn:aws:kinesis:us-east-1:123456789012:stream/other", null), DSQL, KINESIS);
    assertThat(v.reason()).isEqualTo(TableReasons.CHANGE_STREAM_TARGET_MISMATCH);
    assertThat(v.active()).isFalse();
    assertThat(v.message()).contains("spec.source.changeStream.dsqlStreamArn").contains("stream/other")
        .contains("spec.source.changeStream.kinesisStreamArn (" + KINESIS + ")");
  }

  @Test
  void aDeniedGetStreamIsAWarningToAllowDsqlGetStream() {
    DsqlStreamVerdict v = DsqlStreamVerdict.of(GetStreamClient.error(403, "AccessDeniedException",
        "{\"message\": \"User is not authorized to perform: dsql:GetStream\"}"), DSQL);
    assertThat(v.reason()).isEqualTo(TableReasons.CHANGE_STREAM_STATUS_UNREADABLE);
    assertThat(v.message()).contains("allow dsql:GetStream on " + DSQL).contains("not authorized");
  }

  @Test
  void aStreamGetStreamDoesNotFindIsFailed() {
    DsqlStreamVerdict v = DsqlStreamVerdict.of(GetStreamClient.error(404, null,
        "{\"__type\": \"com.amazonaws.dsql#ResourceNotFoundException\", \"message\": \"stream not found\"}"), DSQL);
    assertThat(v.reason()).isEqualTo(TableReasons.CHANGE_STREAM_FAILED);
    assertThat(v.message()).contains("ResourceNotFoundException").contains("finds no DSQL stream");
  }

  @Test
  void anUnreachableControlPlaneIsRetriedAsUnreadable() {
    DsqlStreamVerdict v = DsqlStreamVerdict.of(new GetStreamException(0, null, "connection refused", null), DSQL);
    assertThat(v.reason()).isEqualTo(TableReasons.CHANGE_STREAM_STATUS_UNREADABLE);
    assertThat(v.message()).contains("retrying").contains("connection refused");
  }
}
