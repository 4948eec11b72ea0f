package io.dsqlcdc.capture.deletes;

import io.dsqlcdc.capture.window.SliceDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the keys of one key range that the pipeline holds (emitted, not deleted) and the table no longer has: the
 * database's digest of the range (count and hash sum of its keys) against the same digest of ours; where they differ,
 * the range is split 16 ways at our own keys and each part compared again, down to parts of at most 1,000 of our keys,
 * whose keys are then looked up in the table, which returns only those it lacks. Keys the table has and we do not (inserts the head has not read yet)
 * make a digest differ but are never reported. One deleted key among n costs about 1 + 16 log16(n / 1000) digest
 * queries and one lookup of at most 1,000 keys that returns the deleted one.
 */
public final class RangeComparison {
  public static final int SPLIT = 16;
  public static final int KEY_LIST_MAX = 1000;

  /** The table's side, read in one transaction. */
  public interface Source {
    /** The digest of the table's keys k with {@code after < k <= upTo}; a null bound is open. */
    SliceDigest digest(List<String> after, List<String> upTo) throws SQLException;

    /** The indexes (in {@code keys}) of those of the keys the table does not hold: only those are returned. */
    Set<Integer> absent(List<Key> keys) throws SQLException;
  }

  /** One of our keys: its column texts, its key text and {@code VersionHash.ofText(keyText)}. */
  public record Key(List<String> values, String keyText, long hash) {
  }

  /**
   * @param gone          our keys the table no longer has, in key order
   * @param rangesReRead  ranges whose digest differed (each split or looked up)
   * @param queries       queries sent to the database
   * @param keysDigested  keys the database digested
   * @param rowsReturned  rows the database returned: one per digest, and the keys lookups found gone
   */
  public record Result(List<Key> gone, long rangesReRead, long queries, long keysDigested, long rowsReturned) {
  }

  private final Source source;
  private final List<Key> ours;
  private final List<Key> gone = new ArrayList<>();
  private long reRead;
  private long queries;
  private long digested;
  private long returned;

  private RangeComparison(Source source, List<Key> ours) {
    this.source = source;
    this.ours = ours;
  }

  /**
   * Compares the range {@code after < k <= upTo} (null: open) whose keys on our side are {@code ours}, in key order.
   */
  public static Result compare(Source source, List<Key> ours, List<String> after, List<String> upTo)
      throws SQLException {
    RangeComparison c = new RangeComparison(source, ours);
    c.compare(0, ours.size(), after, upTo);
    return new Result(List.copyOf(c.gone), c.reRead, c.queries, c.digested, c.returned);
  }

  /** Compares ours[from, to), which is everything we hold in after < k <= upTo. */
  private void compare(int from, int to, List<String> after, List<String> upTo) throws SQLException {
    if (from == to) {
      // nothing of ours there: whatever the table holds is not ours to delete
      return;
    }
    SliceDigest theirs = source.digest(after, upTo);
    queries++;
    returned++;
    digested += theirs.count();
    if (theirs.equals(digestOf(from, to))) {
      return;
    }
    reRead++;
    int n = to - from;
    if (n <= KEY_LIST_MAX) {
      List<Key> part = ours.subList(from, to);
      Set<Integer> absent = source.absent(part);
      queries++;
      returned += absent.size();
      for (int i = 0; i < part.size(); i++) {
        if (absent.contains(i)) {
          gone.add(part.get(i));
        }
      }
      return;
    }
    int start = from;
    List<String> lower = after;
    for (int p = 1; p <= SPLIT; p++) {
      int end = p == SPLIT ? to : from + (int) ((long) n * p / SPLIT);
      if (end > start) {
        List<String> upper = p == SPLIT ? upTo : ours.get(end - 1).values();
        compare(start, end, lower, upper);
        lower = upper;
        start = end;
      }
    }
  }

  private SliceDigest digestOf(int from, int to) {
    long sum = 0;
    for (int i = from; i < to; i++) {
      sum += ours.get(i).hash();
    }
    return new SliceDigest(to - from, sum);
  }
}
