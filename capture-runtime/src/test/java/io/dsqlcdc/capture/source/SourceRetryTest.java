package io.dsqlcdc.capture.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.EOFException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @Test
  void backoffGrowsButStaysUnderTheCap() {
    for (int attempt = 1; attempt <= 10; attempt++) {
      long ceiling = Math.min(300, 100L << (attempt - 1));
      assertThat(retry.backoff(attempt).toMillis()).isBetween(0L, ceiling);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"08006", "08001", "53300", "53400", "40001", "57P01"})
  void transientStatesAreRetryable(String state) {
    assertThat(SourceRetry.isRetryable(new SQLException("x", state))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"42P01", "42501", "28P01", "22003"})
  void statementAndPermissionErrorsAreNotRetryable(String state) {
    assertThat(SourceRetry.isRetryable(new SQLException("x", state))).isFalse();
  }

  @Test
  void aPoolTimeoutIsRetryable() {
    assertThat(SourceRetry.isRetryable(new SQLTransientConnectionException("pool - Connection is not available"))).isTrue();
  }

  @Test
  void anIoErrorBeneathIsRetryable() {
    assertThat(SourceRetry.isRetryable(new SQLException("I/O error", null, new EOFException()))).isTrue();
  }
}
