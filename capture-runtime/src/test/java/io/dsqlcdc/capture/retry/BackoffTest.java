package io.dsqlcdc.capture.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
  static final Backoff ONE_TO_THIRTY = Backoff.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30));

  @Test
  void eachWaitDoublesTheOneBefore() {
    assertThat(ONE_TO_THIRTY.delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(ONE_TO_THIRTY.delay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(ONE_TO_THIRTY.delay(5)).isEqualTo(Duration.ofSeconds(16));
  }

  @Test
  void theWaitStopsGrowingAtTheCap() {
    assertThat(ONE_TO_THIRTY.delay(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(ONE_TO_THIRTY.delay(1_000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void fullJitterWaitsAtMostTheDoubledWait() {
    Backoff jittered = Backoff.withFullJitter(Duration.ofMillis(100), Duration.ofSeconds(10));
    for (int i = 0; i < 1_000; i++) {
      assertThat(jittered.delay(3)).isBetween(Duration.ZERO, Duration.ofMillis(400));
      assertThat(jittered.delay(40)).isBetween(Duration.ZERO, Duration.ofSeconds(10));
    }
  }

  @Test
  void fullJitterSpreadsTheWaits() {
    Backoff jittered = Backoff.withFullJitter(Duration.ofMillis(100), Duration.ofSeconds(10));
    assertThat(IntStream.range(0, 100).mapToObj(i -> jittered.delay(8)).distinct().count())
        .isGreaterThan(50);
  }

  @Test
  void aCapBelowTheBaseIsRefused() {
    assertThatThrownBy(() -> Backoff.doubling(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base <= cap");
  }
}
