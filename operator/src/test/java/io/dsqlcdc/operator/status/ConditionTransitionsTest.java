package io.dsqlcdc.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionTransitionsTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");

  @Test
  void keepsTheTransitionTimeWhileTheStatusStays() {
    List<Condition> first = ConditionTransitions.merge(List.of(),
        List.of(ConditionDraft.isFalse("Ready", "Starting", "starting")), 1, T0);
    List<Condition> second = ConditionTransitions.merge(first,
        List.of(ConditionDraft.isFalse("Ready", "TableFailed", "t failed")), 2, T1);
    assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(second.get(0).getReason()).isEqualTo("TableFailed");
    assertThat(second.get(0).getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void movesTheTransitionTimeWhenTheStatusChanges() {
    List<Condition> first = ConditionTransitions.merge(List.of(),
        List.of(ConditionDraft.isFalse("Ready", "Starting", "starting")), 1, T0);
    List<Condition> second = ConditionTransitions.merge(first,
        List.of(ConditionDraft.isTrue("Ready", "Running", "2/2 tables streaming")), 1, T1);
    assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:05:00Z");
    assertThat(second.get(0).getStatus()).isEqualTo("True");
  }
}
