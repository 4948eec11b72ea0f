package io.dsqlcdc.capture.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  void aPoolTimeoutIsRetryable() {
    assertThat(SourceErrors.isRetryable(new SQLTransientConnectionException("pool - Connection is not available")))
        .isTrue();
  }

  @Test
  void anIoErrorBeneathIsRetryable() {
    assertThat(SourceErrors.isRetryable(new SQLException("I/O error", null, new EOFException()))).isTrue();
  }

  @Test
  void aMissingPrivilegeOnATableSaysWhichGrantIsMissing() {
    SQLException denied = new SQLException("permission denied for table items", "42501");
    assertThat(SourceErrors.describeTableFailure("public.items", "cdc", denied))
        .startsWith("permission denied on table public.items: GRANT SELECT ON public.items TO cdc")
        .contains("[SQLSTATE 42501]");
  }

  @Test
  void aTableOrColumnThatWentAwayIsAChangedSchema() {
    for (String state : new String[] {"42P01", "42703"}) {
      assertThat(SourceErrors.describeTableFailure("public.items", "cdc", new SQLException("gone", state)))
          .isEqualTo("table public.items changed while capturing (gone [SQLSTATE " + state + "]): the schema is read"
              + " again");
    }
  }

  @Test
  void theRootCauseIsAddedWhenItSaysMore() {
    SQLException e = new SQLException("I/O error", "08006", new EOFException("connection reset"));
    assertThat(SourceErrors.describe(e)).isEqualTo("I/O error (connection reset) [SQLSTATE 08006]");
  }

  @Test
  void anErrorWithoutSqlStateIsDescribedAndClassifiedWithoutFailing() {
    SQLException noState = new SchemaChangedException("public.t", "columns (a int4) became (a text)");
    assertThat(SourceErrors.isUndefinedTable(noState)).isFalse();
    assertThat(SourceErrors.isLoginRefused(noState)).isFalse();
    assertThat(SourceErrors.isConnectionLimit(noState)).isFalse();
    assertThat(SourceErrors.describeTableFailure("public.t", "capture", noState)).contains("public.t");
  }
}
