package io.dsqlcdc.capture.deletes;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.window.SliceDigest;
import io.dsqlcdc.capture.window.VersionHash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RangeComparisonTest {
  /** A table of integer keys, answering as the database would. */
  static final class Table implements RangeComparison.Source {
    final TreeSet<Long> keys = new TreeSet<>();
    int queries;

    @Override
    public SliceDigest digest(List<String> after, List<String> upTo) {
      queries++;
      long lo = after == null ? Long.MIN_VALUE : Long.parseLong(after.get(0));
      long hi = upTo == null ? Long.MAX_VALUE : Long.parseLong(upTo.get(0));
      Set<Long> in = after == null ? keys.headSet(hi, true) : keys.subSet(lo, false, hi, true);
      long sum = 0;
      for (long k : in) {
        sum += VersionHash.ofText(Long.toString(k));
      }
      return new SliceDigest(in.size(), sum);
    }

    @Override
    public Set<Integer> absent(List<RangeComparison.Key> asked) {
      queries++;
      Set<Integer> out = new HashSet<>();
      for (int i = 0; i < asked.size(); i++) {
        if (!keys.contains(Long.parseLong(asked.get(i).keyText()))) {
          out.add(i);
        }
      }
      return out;
    }
  }

  static List<RangeComparison.Key> ours(long from, long to) {
    List<RangeComparison.Key> out = new ArrayList<>();
    for (long k = from; k <= to; k++) {
      String text = Long.toString(k);
      out.add(new RangeComparison.Key(List.of(text), text, VersionHash.ofText(text)));
    }
    return out;
  }

  static Table tableWith(long from, long to) {
    Table t = new Table();
    for (long k = from; k <= to; k++) {
      t.keys.add(k);
    }
    return t;
  }

  static List<String> goneKeys(RangeComparison.Result r) {
    return r.gone().stream().map(RangeComparison.Key::keyText).collect(Collectors.toList());
  }

  @Test
  void anUnchangedRangeCostsOneDigestQuery() throws Exception {
    Table table = tableWith(1, 100_000);
    RangeComparison.Result r = RangeComparison.compare(table, ours(1, 100_000), null, null);
    assertThat(r.gone()).isEmpty();
    assertThat(r.queries()).isEqualTo(1);
    assertThat(r.rowsReturned()).isEqualTo(1);
  }

  @Test
  void oneDeletedKeyAmongAHundredThousandCostsAFewSmallQueries() throws Exception {
    Table table = tableWith(1, 100_000);
    table.keys.remove(54_321L);
    RangeComparison.Result r = RangeComparison.compare(table, ours(1, 100_000), null, null);
    assertThat(goneKeys(r)).containsExactly("54321");
    // 1 + 16 + 16 digests and one lookup of at most 1,000 keys
    assertThat(r.queries()).isLessThanOrEqualTo(34);
    // one row per digest and the one key found gone
    assertThat(r.rowsReturned()).isEqualTo(r.queries());
  }

  @Test
  void keysTheTableHasAndWeDoNotAreNeverReported() throws Exception {
    Table table = tableWith(1, 20_000);
    table.keys.remove(1L);
    table.keys.remove(20_000L);
    RangeComparison.Result r = RangeComparison.compare(table, ours(1, 10_000).subList(0, 10_000), null, null);
    assertThat(goneKeys(r)).containsExactly("1");
  }

  @Test
  void aBoundedRangeComparesOnlyItsOwnKeys() throws Exception {
    Table table = tableWith(1, 3_000);
    table.keys.remove(500L);
    table.keys.remove(2_500L);
    RangeComparison.Result r = RangeComparison.compare(table, ours(1_001, 3_000), List.of("1000"), null);
    assertThat(goneKeys(r)).containsExactly("2500");
  }

  @Test
  void aContiguousRunAndScatteredKeysAreAllFound() throws Exception {
    Table table = tableWith(1, 50_000);
    List<String> expected = new ArrayList<>();
    for (long k = 10_000; k < 10_500; k++) {
      table.keys.remove(k);
      expected.add(Long.toString(k));
    }
    for (long k = 20_000; k < 50_000; k += 600) {
      table.keys.remove(k);
      expected.add(Long.toString(k));
    }
    RangeComparison.Result r = RangeComparison.compare(table, ours(1, 50_000), null, null);
    assertThat(goneKeys(r)).containsExactlyElementsOf(expected);
  }
}
