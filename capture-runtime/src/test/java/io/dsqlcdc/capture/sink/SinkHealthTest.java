package io.dsqlcdc.capture.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.status.ConnectionStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SinkHealthTest {
  private static final ConnectionStatus UP = ConnectionStatus.up("kafka:9092");
  private static final Duration LIMIT = Duration.ofSeconds(8);

  @Test
  void brokersAnsweringAndNoLongCommitIsConnected() {
    assertThat(SinkHealth.combine(UP, Duration.ofSeconds(1), UP, LIMIT)).isEqualTo(UP);
  }

  @Test
  void aCommitRunningPastTheLimitIsReportedAsStalledWithItsDuration() {
    ConnectionStatus status = SinkHealth.combine(UP, Duration.ofSeconds(12), UP, LIMIT);
    assertThat(status.connected()).isFalse();
    assertThat(status.reason()).isEqualTo("CommitStalled");
    assertThat(status.message()).contains("12 s").contains("limit 8 s");
  }

  @Test
  void unansweredBrokersSayWhyEvenWhileACommitStalls() {
    ConnectionStatus unreachable = ConnectionStatus.down("kafka:9092", "Unreachable", "no answer");
    assertThat(SinkHealth.combine(UP, Duration.ofSeconds(30), unreachable, LIMIT)).isEqualTo(unreachable);
  }

  @Test
  void aFailedWriterOutranksTheBrokers() {
    ConnectionStatus fenced = ConnectionStatus.down("kafka:9092", "Fenced", "a newer runtime took over");
    assertThat(SinkHealth.combine(fenced, Duration.ZERO, UP, LIMIT)).isEqualTo(fenced);
  }
}
