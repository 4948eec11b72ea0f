package io.dsqlcdc.capture.streaming;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

/** The keys this pipeline has emitted and not deleted, as {@link KeyHash}es: a key in the set gets op u, others c. */
public final class EmittedKeys {
  private final LongOpenHashSet hashes = new LongOpenHashSet();

  public boolean contains(String keyText) {
    return hashes.contains(KeyHash.of(keyText));
  }

  public void add(String keyText) {
    hashes.add(KeyHash.of(keyText));
  }

  public void remove(String keyText) {
    hashes.remove(KeyHash.of(keyText));
  }

  public int size() {
    return hashes.size();
  }
}
