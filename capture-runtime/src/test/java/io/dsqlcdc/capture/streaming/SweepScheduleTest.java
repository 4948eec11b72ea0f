package io.dsqlcdc.capture.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.offsets.TableOffset.Head;
import io.dsqlcdc.capture.streaming.SweepSchedule.Sweep;
import io.dsqlcdc.capture.window.UnsettledWindow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which slices of the unsettled window each streaming step compares with the database. */
class SweepScheduleTest {
  static final long SLICE = 1_000;
  static final long PERIOD_NANOS = Duration.ofSeconds(10).toNanos();
  /** Slices 0..9 unsettled; the head has read up to and including cursor 9_500 (slice 9). */
  static final Head HEAD = new Head(9_500, List.of("k"));

  final SweepSchedule schedule = new SweepSchedule(Duration.ofSeconds(10));
  final UnsettledWindow window = new UnsettledWindow(SLICE, 0);

  @Test
  void theFirstSweepComparesTheWholeWindow() {
    assertThat(schedule.next(window, HEAD, 0, true)).isEqualTo(new Sweep(0, 9, true, true));
  }

  @Test
  void aStepComparesTheShareOfTheWindowThatItsTimeSinceTheLastSweepIsOfThePeriod() {
    schedule.swept(new Sweep(0, 1, true, false), 0);
    Sweep next = schedule.next(window, HEAD, PERIOD_NANOS * 3 / 10, true);
    assertThat(next).as("three tenths of ten slices, after the last share").isEqualTo(new Sweep(2, 4, false, false));
  }

  @Test
  void aRoundThatReachedTheNewestSliceStartsAgainAtTheOldest() {
    schedule.swept(new Sweep(5, 9, false, true), 0);
    assertThat(schedule.next(window, HEAD, PERIOD_NANOS / 10, true)).isEqualTo(new Sweep(0, 0, true, false));
  }

  @Test
  void whileTheHeadCatchesUpItsOwnSliceWaits() {
    assertThat(schedule.next(window, HEAD, 0, false)).isEqualTo(new Sweep(0, 8, true, true));
  }

  @Test
  void aBareCursorBoundHasNotReadItsCursorYet() {
    assertThat(schedule.next(window, new Head(9_000, null), 0, true).last()).isEqualTo(8);
  }

  @Test
  void nothingIsComparedWhileTheHeadIsBehindTheSettledBound() {
    UnsettledWindow settledAhead = new UnsettledWindow(SLICE, 20_000);
    assertThat(schedule.next(settledAhead, HEAD, 0, true).isEmpty()).isTrue();
  }

  @Test
  void onceCaughtUpEveryStepSweeps() {
    schedule.swept(new Sweep(0, 9, true, true), 0);
    assertThat(schedule.due(1, true)).isTrue();
  }

  @Test
  void whileCatchingUpTheSweepWaitsAWholePeriodForTheNextPages() {
    assertThat(schedule.due(0, false)).as("never swept").isTrue();
    schedule.swept(new Sweep(0, 9, true, true), 0);
    assertThat(schedule.due(PERIOD_NANOS - 1, false)).isFalse();
    assertThat(schedule.due(PERIOD_NANOS, false)).isTrue();
  }
}
