package io.dsqlcdc.capture.window;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One row version's share of a slice digest, computed exactly as the window sweep's digest query has the database
 * compute it: the first 15 hex digits (60 bits) of {@code md5('<cursor micros>:<key text>')} as a non-negative
 * bigint. Summed per slice, the shares give an order-free digest the database computes without sorting anything.
 */
public final class VersionHash {
  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private VersionHash() {
  }

  public static long of(long cursorMicros, String keyText) {
    return ofText(cursorMicros + ":" + keyText);
  }

  /**
   * The first 15 hex digits of {@code md5(text)} as a non-negative bigint, as the database computes
   * {@code CAST('0x' || substr(md5(text), 1, 15) AS bigint)}; the hard-delete scan digests key texts with it.
   */
  public static long ofText(String text) {
    byte[] d = MD5.get().digest(text.getBytes(StandardCharsets.UTF_8));
    long first64 = 0;
    for (int i = 0; i < 8; i++) {
      first64 = (first64 << 8) | (d[i] & 0xff);
    }
    return first64 >>> 4;
  }
}
