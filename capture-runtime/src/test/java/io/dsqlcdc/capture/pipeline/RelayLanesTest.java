package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.pipeline.RelayLanes.Lane;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayLanesTest {
  private final FakeStreamedTable orders = new FakeStreamedTable("public.orders");
  private final FakeStreamedTable items = new FakeStreamedTable("public.items");
  private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
  private long nanos;
  private final RelayLanes lanes = new RelayLanes(List.of(orders, items), () -> nanos);

  @Test
  void nothingStartsBeforeATableIsReady() {
    nanos += Duration.ofHours(1).toNanos();
    assertThat(lanes.readyToStart()).isFalse();
  }

  @Test
  void theFirstSessionStartsAtOnceWhenEveryTableIsReady() {
    orders.ready = true;
    items.ready = true;
    assertThat(lanes.readyToStart()).isTrue();
  }

  @Test
  void theFirstSessionWaitsForTheOtherTablesUpToTheStartWait() {
    orders.ready = true;
    assertThat(lanes.readyToStart()).isFalse();
    nanos += RelayLanes.START_WAIT.minusMillis(1).toNanos();
    assertThat(lanes.readyToStart()).isFalse();
    nanos += Duration.ofMillis(1).toNanos();
    assertThat(lanes.readyToStart()).isTrue();
  }

  @Test
  void aSessionFeedsTheReadyTablesAndPinsTheOthers() {
    orders.ready = true;
    lanes.startSession();
    assertThat(lanes.lane("public.orders")).isEqualTo(Lane.ACTIVE);
    assertThat(lanes.lane("public.items")).isEqualTo(Lane.WAITING);
    assertThat(lanes.active()).containsExactly(orders);
  }

  @Test
  void aWaitingTableWhoseSnapshotHasNotTakenItsStartNeedsNoneOfItsRecords() {
    orders.ready = true;
    items.floorAhead = true;
    lanes.startSession();
    assertThat(lanes.lane("public.items")).isEqualTo(Lane.BEFORE_SNAPSHOT);
    items.floorAhead = false;
    assertThat(lanes.lane("public.items")).isEqualTo(Lane.WAITING);
  }

  @Test
  void aTableNotCapturedIsSkipped() {
    lanes.startSession();
    assertThat(lanes.lane("public.audit")).isEqualTo(Lane.NOT_CAPTURED);
  }

  @Test
  void aTableReadyBeforeAnyOfItsRecordsWasReadJoinsWithoutARewind() {
    orders.ready = true;
    lanes.startSession();
    items.ready = true;
    assertThat(lanes.joinOrRewind()).isFalse();
    assertThat(lanes.lane("public.items")).isEqualTo(Lane.ACTIVE);
  }

  @Test
  void aTableThatMissedRecordsJoinsByARewind() {
    orders.ready = true;
    lanes.startSession();
    lanes.missed("public.items", T0);
    assertThat(lanes.joinOrRewind()).isFalse();
    items.ready = true;
    assertThat(lanes.joinOrRewind()).isTrue();
    lanes.startSession();
    assertThat(lanes.lane("public.items")).isEqualTo(Lane.ACTIVE);
  }

  @Test
  void aFailedTableIsPinnedUntilItsRetryRewinds() {
    orders.ready = true;
    items.ready = true;
    lanes.startSession();
    Duration wait = lanes.failed("public.items", T0);
    assertThat(wait).isEqualTo(RelayLanes.RETRY_BACKOFF.delay(1));
    assertThat(lanes.lane("public.items")).isEqualTo(Lane.FAILED);
    assertThat(lanes.active()).containsExactly(orders);
    nanos += wait.minusMillis(1).toNanos();
    assertThat(lanes.joinOrRewind()).isFalse();
    nanos += Duration.ofMillis(1).toNanos();
    assertThat(lanes.joinOrRewind()).isTrue();
    lanes.startSession();
    assertThat(lanes.lane("public.items")).isEqualTo(Lane.ACTIVE);
  }

  @Test
  void aTableFailingAgainAfterItsRetryWaitsLonger() {
    orders.ready = true;
    items.ready = true;
    lanes.startSession();
    lanes.failed("public.items", T0);
    lanes.startSession();
    assertThat(lanes.failed("public.items", T0)).isEqualTo(RelayLanes.RETRY_BACKOFF.delay(2));
  }

  @Test
  void aTableThroughASessionWithoutFailingStartsItsBackoffAfresh() {
    orders.ready = true;
    items.ready = true;
    lanes.startSession();
    lanes.failed("public.items", T0);
    lanes.startSession();
    lanes.startSession();
    assertThat(lanes.failed("public.items", T0)).isEqualTo(RelayLanes.RETRY_BACKOFF.delay(1));
  }

  @Test
  void aFailedTableIsOverdueOnceItsOldestPinnedRecordIsOlderThanTheHold() {
    orders.ready = true;
    items.ready = true;
    lanes.startSession();
    lanes.missed("public.items", T0.plusSeconds(60));
    lanes.failed("public.items", T0.plusSeconds(120));
    lanes.missed("public.items", T0);
    Duration hold = Duration.ofHours(18);
    assertThat(lanes.overdue(T0.plus(hold), hold)).isEmpty();
    assertThat(lanes.overdue(T0.plus(hold).plusMillis(1), hold)).containsExactly("public.items");
  }

  @Test
  void aTableWaitingForItsWorkerIsNeverOverdue() {
    orders.ready = true;
    lanes.startSession();
    lanes.missed("public.items", T0);
    assertThat(lanes.overdue(T0.plus(Duration.ofDays(30)), Duration.ofHours(18))).isEmpty();
  }

  @Test
  void aTableGivenUpIsDroppedFromTheNextSessionOnAndSaysSinceWhen() {
    orders.ready = true;
    items.ready = true;
    lanes.startSession();
    lanes.failed("public.items", T0);
    assertThat(lanes.gaveUp("public.items")).isEqualTo(T0);
    lanes.startSession();
    assertThat(lanes.lane("public.items")).isEqualTo(Lane.GAP);
    assertThat(lanes.active()).containsExactly(orders);
  }

  @Test
  void aTableWhoseOffsetRecordsAGapIsDroppedNotFed() {
    orders.ready = true;
    items.ready = true;
    items.gapSince = T0.toEpochMilli();
    lanes.startSession();
    assertThat(lanes.lane("public.items")).isEqualTo(Lane.GAP);
  }

  @Test
  void aTableHandedOverWithAGapThatMissedRecordsRewindsToFreeTheCheckpoint() {
    orders.ready = true;
    lanes.startSession();
    lanes.missed("public.items", T0);
    items.ready = true;
    items.gapSince = T0.toEpochMilli();
    assertThat(lanes.joinOrRewind()).isTrue();
    assertThat(lanes.lane("public.items")).isEqualTo(Lane.GAP);
  }
}
