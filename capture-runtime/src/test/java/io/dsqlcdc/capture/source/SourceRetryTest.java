package io.dsqlcdc.capture.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SourceRetryTest {
  final List<Duration> pauses = new ArrayList<>();
  final SourceRetry retry = new SourceRetry(4, Duration.ofMillis(100), Duration.ofMillis(300), pauses::add);

  @Test
  void aReadFailingWithTooManyConnectionsIsRunAgainUntilItSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();

    String result = retry.call(() -> {
      if (calls.incrementAndGet() < 3) {
        throw new SQLException("too many connections", "53300");
      }
      return "rows";
    });

    assertThat(result).isEqualTo("rows");
    assertThat(calls).hasValue(3);
    assertThat(pauses).hasSize(2);
  }

  @Test
  void aStatementErrorIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> retry.call(() -> {
      calls.incrementAndGet();
      throw new SQLException("relation does not exist", "42P01");
    })).hasMessage("relation does not exist");
    assertThat(calls).hasValue(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void theLastErrorIsThrownAfterTheLastAttempt() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> retry.call(() -> {
      throw new SQLException("conflict #" + calls.incrementAndGet() + " (OC000)", "40001");
    })).hasMessage("conflict #4 (OC000)");
    assertThat(pauses).hasSize(3);
  }
}
