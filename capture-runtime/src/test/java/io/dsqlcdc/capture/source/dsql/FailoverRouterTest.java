package io.dsqlcdc.capture.source.dsql;

import io.dsqlcdc.api.status.ConnectionReasons;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailoverRouterTest {
  static final SourceProblem DOWN = new SourceProblem(ConnectionReasons.UNREACHABLE, "refused");
  static final Duration FAILBACK = Duration.ofSeconds(30);

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T06:00:00Z"));
  final FailoverRouter router = new FailoverRouter(3, clock, FAILBACK);

  @Test
  void thePrimaryIsActiveAtFirst() {
    assertThat(router.active()).isZero();
    assertThat(router.activeUsable()).isTrue();
  }

  @Test
  void aFailedActiveEndpointHandsOverToTheNext() {
    router.failed(0, DOWN);

    assertThat(router.active()).isEqualTo(1);
    assertThat(router.problem(0)).isEqualTo(DOWN);
  }

  @Test
  void anEndpointKnownDownIsSkipped() {
    router.failed(1, DOWN);
    router.failed(0, DOWN);

    assertThat(router.active()).isEqualTo(2);
  }

  @Test
  void aFailedStandbyDoesNotMoveTheActiveOne() {
    router.failed(2, DOWN);

    assertThat(router.active()).isZero();
  }

  @Test
  void whenEveryEndpointIsDownTheActiveOneIsUnusable() {
    router.failed(0, DOWN);
    router.failed(1, DOWN);
    router.failed(2, DOWN);

    assertThat(router.activeUsable()).isFalse();
    assertThat(router.problem(router.active())).isEqualTo(DOWN);
  }

  @Test
  void thePrimaryComesBackOnlyAfterBeingHealthyForAWhile() {
    router.failed(0, DOWN);
    router.probed(0, null);
    clock.advance(FAILBACK.minusSeconds(1));
    router.probed(0, null);
    assertThat(router.active()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    router.probed(0, null);

    assertThat(router.active()).isZero();
  }

  @Test
  void aFailureOfThePrimaryRestartsItsHealthyPeriod() {
    router.failed(0, DOWN);
    router.probed(0, null);
    clock.advance(FAILBACK.minusSeconds(1));
    router.probed(0, DOWN);
    router.probed(0, null);
    clock.advance(Duration.ofSeconds(1));
    router.probed(0, null);

    assertThat(router.active()).isEqualTo(1);
  }

  @Test
  void endpointsNeverTriedAreProbed() {
    assertThat(router.needsProbe(1)).isTrue();
    assertThat(router.activeKnown()).isFalse();
  }

  @Test
  void onlyDownEndpointsAndAStandingInPrimaryAreProbed() {
    router.succeeded(0);
    router.succeeded(1);
    assertThat(router.needsProbe(0)).isFalse();
    router.failed(0, DOWN);

    assertThat(router.needsProbe(0)).isTrue();
    assertThat(router.needsProbe(1)).isFalse();
    router.probed(0, null);
    assertThat(router.needsProbe(0)).isTrue();
  }

  @Test
  void anEndpointThatRecoversWhileAllWereDownBecomesActive() {
    router.failed(0, DOWN);
    router.failed(1, DOWN);
    router.failed(2, DOWN);

    router.probed(1, null);

    assertThat(router.active()).isEqualTo(1);
    assertThat(router.activeUsable()).isTrue();
  }
}
