package io.dsqlcdc.capture.window;

import java.nio.charset.StandardCharsets;

/**
 * A key's 64-bit identity in memory: the capture keeps hashes, not key texts, so a window of a million keys costs
 * tens of megabytes. Two keys of one table share a hash with odds of about n^2 / 2^65 (3e-8 for a million keys).
 */
final class KeyHash {
  private KeyHash() {
  }

  /** FNV-1a over the UTF-8 bytes, finished with the SplitMix64 mixer. */
  static long of(String keyText) {
    long h = 0xcbf29ce484222325L;
    for (byte b : keyText.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
