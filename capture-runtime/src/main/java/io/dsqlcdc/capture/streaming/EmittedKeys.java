package io.dsqlcdc.capture.streaming;

import java.nio.charset.StandardCharsets;

/**
 * The keys this pipeline has emitted and not deleted, as 64-bit hashes in an open-addressing table (8 bytes a
 * key): a key in the set gets op u, a key outside it op c.
 */
public final class EmittedKeys {
  private static final long EMPTY = 0L;
  private long[] slots = new long[1024];
  private int size;

  public boolean contains(String keyText) {
    long h = hash(keyText);
    int mask = slots.length - 1;
    for (int i = index(h, mask); ; i = (i + 1) & mask) {
      if (slots[i] == EMPTY) {
        return false;
      }
      if (slots[i] == h) {
        return true;
      }
    }
  }

  public void add(String keyText) {
    if ((size + 1) * 4L > slots.length * 3L) {
      grow();
    }
    if (insert(slots, hash(keyText))) {
      size++;
    }
  }

  public void remove(String keyText) {
    long h = hash(keyText);
    int mask = slots.length - 1;
    int i = index(h, mask);
    while (slots[i] != h) {
      if (slots[i] == EMPTY) {
        return;
      }
      i = (i + 1) & mask;
    }
    // backward-shift deletion keeps every probe chain unbroken without tombstones
    int hole = i;
    for (int j = (hole + 1) & mask; slots[j] != EMPTY; j = (j + 1) & mask) {
      int home = index(slots[j], mask);
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        slots[hole] = slots[j];
        hole = j;
      }
    }
    slots[hole] = EMPTY;
    size--;
  }

  public int size() {
    return size;
  }

  private void grow() {
    long[] bigger = new long[slots.length * 2];
    for (long h : slots) {
      if (h != EMPTY) {
        insert(bigger, h);
      }
    }
    slots = bigger;
  }

  private static boolean insert(long[] table, long h) {
    int mask = table.length - 1;
    for (int i = index(h, mask); ; i = (i + 1) & mask) {
      if (table[i] == h) {
        return false;
      }
      if (table[i] == EMPTY) {
        table[i] = h;
        return true;
      }
    }
  }

  private static int index(long h, int mask) {
    return (int) (h ^ (h >>> 32)) & mask;
  }

  /** FNV-1a over the UTF-8 bytes, finished with the SplitMix64 mixer; never 0 (the empty slot). */
  static long hash(String keyText) {
    long h = 0xcbf29ce484222325L;
    for (byte b : keyText.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    h = h ^ (h >>> 31);
    return h == EMPTY ? 1L : h;
  }
}
