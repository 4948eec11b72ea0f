package io.dsqlcdc.capture.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.event.ChangeEvent;
import io.dsqlcdc.capture.event.RecordHeaders;
import io.dsqlcdc.capture.state.StateChange;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The key state each event of a topic written before the state store leaves, as the one-time migration reads it. */
class EmittedHistoryTest {
  private static Headers event(ChangeEvent.Op op) {
    Headers h = new org.apache.kafka.common.header.internals.RecordHeaders();
    h.add(RecordHeaders.KEY, "7".getBytes(StandardCharsets.UTF_8));
    h.add(RecordHeaders.CURSOR, "1000".getBytes(StandardCharsets.UTF_8));
    h.add(RecordHeaders.OP, op.name().getBytes(StandardCharsets.UTF_8));
    return h;
  }

  @ParameterizedTest
  @EnumSource(value = ChangeEvent.Op.class, names = {"READ", "CREATE", "UPDATE"})
  void aReadCreateOrUpdateLeavesItsKeyHeldAtItsVersion(ChangeEvent.Op op) {
    assertThat(EmittedHistory.changeOf(event(op))).isEqualTo(StateChange.emitted("7", 1000));
  }

  @Test
  void aDeleteLeavesItsKeyNoLongerHeld() {
    assertThat(EmittedHistory.changeOf(event(ChangeEvent.Op.DELETE))).isEqualTo(StateChange.deleted("7", 1000));
  }

  @Test
  void aTombstoneChangesNothing() {
    assertThat(EmittedHistory.changeOf(event(ChangeEvent.Op.TOMBSTONE))).isNull();
  }

  @Test
  void aRecordWithoutTheRuntimesHeadersIsSkipped() {
    assertThat(EmittedHistory.changeOf(new org.apache.kafka.common.header.internals.RecordHeaders())).isNull();
  }
}
