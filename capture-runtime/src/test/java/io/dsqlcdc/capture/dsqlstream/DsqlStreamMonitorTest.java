package io.dsqlcdc.capture.dsqlstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.status.ChangeStreamStatus;
import io.dsqlcdc.api.status.TableReasons;
import io.dsqlcdc.capture.status.StreamStatus;
import io.dsqlcdc.testsupport.dsql.FakeDsqlControlPlane;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DsqlStreamMonitorTest {
  static final String DSQL = DsqlStreamVerdictTest.DSQL;
  static final String KINESIS = DsqlStreamVerdictTest.KINESIS;

  @RegisterExtension
  FakeDsqlControlPlane dsql = FakeDsqlControlPlane.create();
  StreamStatus status = new StreamStatus(KINESIS);
  DsqlStreamMonitor monitor;

  @BeforeEach
  void start() {
    monitor = new DsqlStreamMonitor(new GetStreamClient(DSQL, dsql.endpoint().toString(), dsql.credentials()),
        KINESIS, status, Duration.ofMinutes(1));
  }

  @AfterEach
  void stop() {
    monitor.close();
  }

  @Test
  void anActiveStreamIsInStatusWithoutAReasonAndActive() {
    dsql.stream(DSQL, "ACTIVE", null, KINESIS);
    monitor.poll();
    ChangeStreamStatus s = status.snapshot();
    assertThat(s.reason()).isNull();
    assertThat(s.dsqlStream().status()).isEqualTo("ACTIVE");
    assertThat(s.dsqlStream().targetStreamArn()).isEqualTo(KINESIS);
    assertThat(s.dsqlStream().checkedAt()).isNotNull();
    assertThat(monitor.active()).isTrue();
  }

  @Test
  void aFailedStreamBecomesTheStreamsReason() {
    dsql.stream(DSQL, "FAILED", "ROLE_ACCESS_DENIED", KINESIS);
    monitor.poll();
    ChangeStreamStatus s = status.snapshot();
    assertThat(s.reason()).isEqualTo(TableReasons.CHANGE_STREAM_FAILED);
    assertThat(s.message()).contains("FAILED with error ROLE_ACCESS_DENIED");
    assertThat(s.dsqlStream()).extracting(ChangeStreamStatus.DsqlStream::status, ChangeStreamStatus.DsqlStream::error)
        .containsExactly("FAILED", "ROLE_ACCESS_DENIED");
    assertThat(monitor.active()).isFalse();
  }

  @Test
  void theRelaysOwnReasonComesBeforeTheDsqlStreams() {
    dsql.stream(DSQL, "IMPAIRED", "KINESIS_THROUGHPUT_EXCEEDED", KINESIS);
    monitor.poll();
    status.failed(TableReasons.STREAM_GAP, "gap");
    assertThat(status.snapshot().reason()).isEqualTo(TableReasons.STREAM_GAP);
    assertThat(status.snapshot().dsqlStream().status()).isEqualTo("IMPAIRED");
  }

  @Test
  void aRecoveredStreamClearsTheReason() {
    dsql.stream(DSQL, "IMPAIRED", "KINESIS_THROUGHPUT_EXCEEDED", KINESIS);
    monitor.poll();
    dsql.stream(DSQL, "ACTIVE", null, KINESIS);
    monitor.poll();
    assertThat(status.snapshot().reason()).isNull();
  }

  @Test
  void aDeniedPollIsAWarningAndNeverThrows() {
    dsql.answer(403, "AccessDeniedException", "{\"message\": \"not authorized\"}");
    monitor.poll();
    ChangeStreamStatus s = status.snapshot();
    assertThat(s.reason()).isEqualTo(TableReasons.CHANGE_STREAM_STATUS_UNREADABLE);
    assertThat(s.message()).contains("allow dsql:GetStream on " + DSQL);
    assertThat(s.dsqlStream().status()).isNull();
  }

  @Test
  void anUnreachableControlPlaneIsAWarningAndNeverThrows() {
    dsql.close();
    monitor.poll();
    assertThat(status.snapshot().reason()).isEqualTo(TableReasons.CHANGE_STREAM_STATUS_UNREADABLE);
  }

  @Test
  void startPollsAtOnce() {
    dsql.stream(DSQL, "FAILED", null, KINESIS);
    monitor.start();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> TableReasons.CHANGE_STREAM_FAILED.equals(status.snapshot().reason()));
  }
}
