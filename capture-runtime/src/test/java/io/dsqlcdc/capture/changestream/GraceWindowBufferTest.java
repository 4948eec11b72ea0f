package io.dsqlcdc.capture.changestream;

import static io.dsqlcdc.capture.changestream.StreamRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsqlcdc.capture.changestream.GraceWindowBuffer.Admission;
import io.dsqlcdc.capture.changestream.GraceWindowBuffer.Released;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GraceWindowBufferTest {
  private static final Duration GRACE = Duration.ofSeconds(2);

  private final TestClock clock = new TestClock(T0);
  /** The caller's key state: what it emitted, by table + key. */
  private final Map<String, Long> emitted = new HashMap<>();
  private final GraceWindowBuffer.HighWater highWater = (table, key) -> emitted.get(table + "/" + key);
  private final GraceWindowBuffer<String> buffer = new GraceWindowBuffer<>(GRACE, GRACE, 10_000, clock);

  private Admission offer(String key, long tsNs) {
    return buffer.offer("public.t", key, tsNs, "tx" + tsNs, clock.instant(), key + "@" + tsNs, highWater);
  }

  private List<String> release() {
    List<String> out = new ArrayList<>();
    for (Released<String> r : buffer.releaseDue()) {
      emitted.put(r.table() + "/" + r.key(), r.tsNs());
      out.add(r.item());
    }
    return out;
  }

  @Test
  void aRecordIsHeldForTheGraceWindowFromItsArrival() {
    assertThat(offer("k", 10)).isEqualTo(Admission.HELD);
    clock.advance(GRACE.minusMillis(1));
    assertThat(release()).isEmpty();
    assertThat(buffer.nextDue()).isEqualTo(T0.plus(GRACE));
    clock.advance(Duration.ofMillis(1));
    assertThat(release()).containsExactly("k@10");
    assertThat(buffer.held()).isZero();
    assertThat(buffer.nextDue()).isNull();
  }

  @Test
  void versionsArrivingOutOfOrderWithinTheWindowComeOutInCommitOrder() {
    offer("k", 30);
    clock.advance(Duration.ofMillis(500));
    offer("k", 10);
    clock.advance(Duration.ofMillis(500));
    offer("k", 20);
    clock.advance(Duration.ofMillis(1000));
    assertThat(release()).containsExactly("k@10", "k@20", "k@30");
  }

  @Test
  void aDueRecordTakesTheLowerVersionsOfItsKeyAlongButNotTheHigher() {
    offer("k", 20);
    clock.advance(Duration.ofMillis(1000));
    offer("k", 10);
    offer("k", 30);
    clock.advance(Duration.ofMillis(1000));
    assertThat(release()).containsExactly("k@10", "k@20");
    clock.advance(Duration.ofMillis(1000));
    assertThat(release()).containsExactly("k@30");
    assertThat(buffer.stale()).isZero();
  }

  @Test
  void aStragglerOlderThanAReleasedVersionIsDroppedAsStale() {
    offer("k", 20);
    clock.advance(GRACE);
    release();
    assertThat(offer("k", 10)).isEqualTo(Admission.STALE);
    assertThat(buffer.stale()).isEqualTo(1);
    assertThat(buffer.held()).isZero();
  }

  @Test
  void theSameVersionAgainIsADuplicateWhetherHeldOrEmitted() {
    offer("k", 10);
    assertThat(offer("k", 10)).isEqualTo(Admission.DUPLICATE);
    clock.advance(GRACE);
    release();
    assertThat(offer("k", 10)).isEqualTo(Admission.DUPLICATE);
    assertThat(buffer.duplicates()).isEqualTo(2);
    assertThat(buffer.stale()).isZero();
  }

  @Test
  void theCallersHighWaterDropsWhatAnEarlierRunEmitted() {
    emitted.put("public.t/k", 50L);
    assertThat(offer("k", 50)).isEqualTo(Admission.DUPLICATE);
    assertThat(offer("k", 40)).isEqualTo(Admission.STALE);
    assertThat(offer("k", 60)).isEqualTo(Admission.HELD);
  }

  @Test
  void itsOwnReleasesCountUntilTheCallerKnowsThem() {
    GraceWindowBuffer.HighWater forgetful = (table, key) -> null;
    buffer.offer("public.t", "k", 20, "a", clock.instant(), "k@20", forgetful);
    clock.advance(GRACE);
    buffer.releaseDue();
    assertThat(buffer.offer("public.t", "k", 10, "b", clock.instant(), "k@10", forgetful))
        .isEqualTo(Admission.STALE);
  }

  @Test
  void itsOwnReleasesAreForgottenAfterTheirMemory() {
    GraceWindowBuffer.HighWater forgetful = (table, key) -> null;
    buffer.offer("public.t", "k", 20, "a", clock.instant(), "k@20", forgetful);
    clock.advance(GRACE);
    buffer.releaseDue();
    clock.advance(GRACE.plusMillis(1));
    buffer.releaseDue();
    assertThat(buffer.offer("public.t", "k", 10, "b", clock.instant(), "k@10", forgetful))
        .isEqualTo(Admission.HELD);
  }

  @Test
  void keysAndTablesAreIndependent() {
    offer("a", 20);
    buffer.offer("public.other", "a", 10, "x", clock.instant(), "other a@10", highWater);
    offer("b", 10);
    clock.advance(GRACE);
    assertThat(release()).containsExactly("a@20", "other a@10", "b@10");
  }

  @Test
  void afterAReleaseALaterVersionIsHeldAgain() {
    offer("k", 10);
    clock.advance(GRACE);
    release();
    assertThat(offer("k", 11)).isEqualTo(Admission.HELD);
    clock.advance(GRACE);
    assertThat(release()).containsExactly("k@11");
  }

  @Test
  void aFullBufferRefusesOffers() {
    GraceWindowBuffer<String> small = new GraceWindowBuffer<>(GRACE, GRACE, 2, clock);
    small.offer("t", "a", 1, "x", clock.instant(), "a", highWater);
    assertThat(small.full()).isFalse();
    small.offer("t", "b", 1, "x", clock.instant(), "b", highWater);
    assertThat(small.full()).isTrue();
    assertThatThrownBy(() -> small.offer("t", "c", 1, "x", clock.instant(), "c", highWater))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds 2 records, its limit");
  }

  @Test
  void aFullBufferReleasesItsEarliestDueRecordsEarlyUntilItIsNot() {
    GraceWindowBuffer<String> small = new GraceWindowBuffer<>(GRACE, GRACE, 3, clock);
    small.offer("t", "a", 2, "x", clock.instant(), "a@2", highWater);
    small.offer("t", "a", 1, "x", clock.instant().plusMillis(1), "a@1", highWater);
    small.offer("t", "b", 1, "x", clock.instant().plusMillis(2), "b@1", highWater);
    assertThat(small.releaseDue()).extracting(Released::item).containsExactly("a@1", "a@2");
    assertThat(small.full()).isFalse();
    assertThat(small.held()).isEqualTo(1);
  }

  @Test
  void aShuffledAtLeastOnceStreamComesOutStrictlyIncreasingPerKeyWithoutDuplicates() {
    Random random = new Random(13);
    List<long[]> arrivals = new ArrayList<>();
    for (int key = 0; key < 50; key++) {
      for (long version = 1; version <= 40; version++) {
        long delayMillis = random.nextInt(1500);
        arrivals.add(new long[] {key, version, delayMillis});
        if (random.nextInt(10) == 0) {
          arrivals.add(new long[] {key, version, delayMillis + random.nextInt(1500)});
        }
      }
    }
    // versions are committed 10 ms apart per key; each arrives up to 1.5 s late (duplicates up to 3 s)
    arrivals.sort((x, y) -> Long.compare(x[1] * 10 + x[2], y[1] * 10 + y[2]));
    Map<String, List<Long>> out = new HashMap<>();
    long now = 0;
    for (long[] a : arrivals) {
      long at = a[1] * 10 + a[2];
      clock.advance(Duration.ofMillis(at - now));
      now = at;
      buffer.releaseDue().forEach(r -> {
        emitted.put(r.table() + "/" + r.key(), r.tsNs());
        out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.tsNs());
      });
      offer(String.valueOf(a[0]), a[1]);
    }
    clock.advance(GRACE);
    release().forEach(item -> out.computeIfAbsent(item.substring(0, item.indexOf('@')), k -> new ArrayList<>())
        .add(Long.parseLong(item.substring(item.indexOf('@') + 1))));
    assertThat(out).hasSize(50);
    out.values().forEach(versions -> {
      for (int i = 1; i < versions.size(); i++) {
        assertThat(versions.get(i)).isGreaterThan(versions.get(i - 1));
      }
      assertThat(versions.get(versions.size() - 1)).isEqualTo(40);
    });
    // a grace window (2 s) wider than the reordering (1.5 s) loses no version; later duplicates are dropped
    assertThat(out.values()).allSatisfy(versions -> assertThat(versions).hasSize(40));
    assertThat(buffer.duplicates()).isPositive();
  }
}
