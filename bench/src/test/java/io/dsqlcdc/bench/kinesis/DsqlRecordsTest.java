package io.dsqlcdc.bench.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DsqlRecordsTest {
  @Test
  void anInsertOrUpdatesRowIdComesFromItsAfterImage() {
    assertThat(DsqlRecords.rowId("{\"type\":\"full\",\"op\":\"c\",\"before\":null,\"after\":{\"id\":42,\"name\":\"x\"}}"))
        .isEqualTo(42);
  }

  @Test
  void aDeletesRowIdComesFromTheKeyInItsBeforeImage() {
    assertThat(DsqlRecords.rowId("{\"type\":\"full\",\"op\":\"d\",\"before\":{\"id\":7},\"after\":null}"))
        .isEqualTo(7);
  }

  @Test
  void aRecordWithoutARowIdIsRefusedWithTheRecordNamed() {
    assertThatThrownBy(() -> DsqlRecords.rowId("{\"type\":\"fragment\",\"chunk_id\":\"c1\",\"index\":0}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunk_id");
  }
}
