package io.dsqlcdc.capture.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CursorValuesTest {
  @Test
  void microsBecomeIsoTextForEachCursorType() {
    assertThat(CursorValues.toSqlText(1_764_000_000_123_456L, "timestamptz")).isEqualTo("2025-11-24T16:00:00.123456Z");
    assertThat(CursorValues.toSqlText(1_764_000_000_123_456L, "timestamp")).isEqualTo("2025-11-24T16:00:00.123456");
  }
}
