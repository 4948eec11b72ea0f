package io.dsqlcdc.capture.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The byte layout shared by the store and the changelog topic: key = the key's text in UTF-8; value = format byte
 * (1), flags (bit 0: row image, bit 1: stream high-water, bit 2: deleted), cursor (8 bytes), then the high-water (8 bytes) and the
 * image (4-byte length, bytes) when flagged. The versions index key is the cursor, big-endian with its sign bit
 * flipped so byte order is numeric order, followed by the key text.
 */
public final class KeyStateCodec {
  private static final byte FORMAT = 1;
  private static final int IMAGE = 1;
  private static final int HIGH_WATER = 2;
  private static final int DELETED = 4;

  private KeyStateCodec() {
  }

  public static byte[] key(String keyText) {
    return keyText.getBytes(StandardCharsets.UTF_8);
  }

  public static String keyText(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  public static byte[] encode(KeyState state) {
    int flags = (state.rowImage() == null ? 0 : IMAGE) | (state.streamHighWater() == null ? 0 : HIGH_WATER)
        | (state.deleted() ? DELETED : 0);
    int size = 10 + (state.streamHighWater() == null ? 0 : 8)
        + (state.rowImage() == null ? 0 : 4 + state.rowImage().length);
    ByteBuffer b = ByteBuffer.allocate(size).put(FORMAT).put((byte) flags).putLong(state.cursorMicros());
    if (state.streamHighWater() != null) {
      b.putLong(state.streamHighWater());
    }
    if (state.rowImage() != null) {
      b.putInt(state.rowImage().length).put(state.rowImage());
    }
    return b.array();
  }

  public static KeyState decode(byte[] value) {
    ByteBuffer b = ByteBuffer.wrap(value);
    checkFormat(b.get());
    int flags = b.get();
    long cursor = b.getLong();
    Long highWater = (flags & HIGH_WATER) != 0 ? b.getLong() : null;
    byte[] image = null;
    if ((flags & IMAGE) != 0) {
      image = new byte[b.getInt()];
      b.get(image);
    }
    return new KeyState(cursor, image, highWater, (flags & DELETED) != 0);
  }

  /** The version an encoded state was emitted at, read without decoding the rest. */
  public static long cursorOf(byte[] value) {
    ByteBuffer b = ByteBuffer.wrap(value);
    checkFormat(b.get());
    return b.getLong(2);
  }

  private static void checkFormat(byte format) {
    if (format != FORMAT) {
      throw new IllegalStateException("key state in format " + format + ", this runtime reads format " + FORMAT
          + ": run the newer runtime, or delete the state directory and changelog to rebuild them");
    }
  }

  public static byte[] versionKey(long cursorMicros, String keyText) {
    return versionKey(cursorMicros, key(keyText));
  }

  public static byte[] versionKey(long cursorMicros, byte[] key) {
    return ByteBuffer.allocate(8 + key.length).putLong(cursorMicros ^ Long.MIN_VALUE).put(key).array();
  }

  public static byte[] versionBound(long cursorMicros) {
    return ByteBuffer.allocate(8).putLong(cursorMicros ^ Long.MIN_VALUE).array();
  }

  public static long versionCursor(byte[] versionKey) {
    return ByteBuffer.wrap(versionKey).getLong() ^ Long.MIN_VALUE;
  }

  public static String versionKeyText(byte[] versionKey) {
    return new String(versionKey, 8, versionKey.length - 8, StandardCharsets.UTF_8);
  }

  /** The cursor a changelog tombstone carries in its header, so a restore can index the deleted version. */
  public static byte[] cursorHeader(long cursorMicros) {
    return ByteBuffer.allocate(8).putLong(cursorMicros).array();
  }

  public static long cursorFromHeader(byte[] header) {
    return ByteBuffer.wrap(header).getLong();
  }
}
