package io.dsqlcdc.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kubernetes condition conventions: lastTransitionTime moves only when a condition's status changes; reason,
 * message and observedGeneration follow every pass.
 */
public final class ConditionTransitions {
  private ConditionTransitions() {
  }

  public static List<Condition> merge(List<Condition> previous, List<ConditionDraft> drafts, long generation,
      Instant now) {
    Map<String, Condition> before = previous.stream()
        .collect(Collectors.toMap(Condition::getType, Function.identity(), (a, b) -> a));
    String nowText = now.truncatedTo(ChronoUnit.SECONDS).toString();
    return drafts.stream().map(d -> {
      Condition old = before.get(d.type());
      String since = old != null && Objects.equals(old.getStatus(), d.status()) && old.getLastTransitionTime() != null
          ? old.getLastTransitionTime() : nowText;
      return new ConditionBuilder()
          .withType(d.type())
          .withStatus(d.status())
          .withReason(d.reason())
          .withMessage(d.message())
          .withObservedGeneration(generation)
          .withLastTransitionTime(since)
          .build();
    }).toList();
  }

  public static Condition find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
