package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamTimeTest {
  private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
  private static final Duration DELAY = Duration.ofSeconds(1);
  private final StreamTime time = new StreamTime();

  @Test
  void standsAtTheEpochUntilEveryShardWasRead() {
    Map<String, Instant> shards = new HashMap<>();
    shards.put("shard-0", T0);
    shards.put("shard-1", null);

    time.readUpTo(shards, DELAY);

    assertThat(time.instant()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void isTheLeastShardReadUpToLessTheVisibilityDelay() {
    time.readUpTo(Map.of("shard-0", T0.plusSeconds(5), "shard-1", T0), Duration.ofSeconds(3));

    assertThat(time.instant()).isEqualTo(T0.minusSeconds(3));
  }

  @Test
  void neverGoesBackWhenTheDelayGrows() {
    time.readUpTo(Map.of("shard-0", T0), DELAY);
    time.readUpTo(Map.of("shard-0", T0.plusSeconds(1)), Duration.ofSeconds(10));

    assertThat(time.instant()).isEqualTo(T0.minus(DELAY));
  }

  @Test
  void itHasNotStartedUntilEveryShardWasReadOnce() {
    StreamTime time = new StreamTime();
    time.readUpTo(java.util.Collections.singletonMap("s1", null), Duration.ZERO);
    assertThat(time.started()).isFalse();
    time.readUpTo(Map.of("s1", Instant.parse("2026-12-06T00:00:00Z")), Duration.ZERO);
    assertThat(time.started()).isTrue();
  }
}
