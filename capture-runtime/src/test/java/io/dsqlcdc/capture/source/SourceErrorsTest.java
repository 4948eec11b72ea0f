package io.dsqlcdc.capture.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SourceErrorsTest {

  @ParameterizedTest
  @ValueSource(strings = {"08006", "08001", "53300", "53400", "40001", "57P01"})
  void transientStatesAreRetryable(String state) {
    assertThat(SourceErrors.isRetryable(new SQLException("x", state))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"42P01", "42501", "28P01", "22003"})
  void statementAndPermissionErrorsAreNotRetryable(String state) {
    assertThat(SourceErrors.isRetryable(new SQLException("x", state))).isFalse();
  }

  @Test
  void aPoolTimeoutIsAConnectionFailure() {
    SQLException timeout = new SQLTransientConnectionException("pool - Connection is not available");

    assertThat(SourceErrors.isRetryable(timeout)).isTrue();
    assertThat(SourceErrors.isConnectionFailure(timeout)).isTrue();
  }

  @Test
  void anIoErrorBeneathIsAConnectionFailure() {
    assertThat(SourceErrors.isConnectionFailure(new SQLException("I/O error", null, new EOFException()))).isTrue();
  }

  @Test
  void aSerializationFailureIsNoConnectionFailure() {
    assertThat(SourceErrors.isConnectionFailure(new SQLException("change conflicts (OC000)", "40001"))).isFalse();
  }
}
