package io.dsqlcdc.capture.streaming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** PostgreSQL's md5(text): lower-case hex of the UTF-8 bytes' MD5. */
final class Md5 {
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private Md5() {
  }

  static String hex(String text) {
    return HEX.formatHex(DIGEST.get().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The digest the database computes for one row version (see WindowQueries). */
  static String version(long cursorMicros, String keyText) {
    return hex(cursorMicros + ":" + keyText);
  }
}
