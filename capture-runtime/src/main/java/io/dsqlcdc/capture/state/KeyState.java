package io.dsqlcdc.capture.state;

/**
 * What the pipeline knows about one key whose events consumers hold: a key is in the store exactly while it was
 * emitted and not deleted.
 *
 * @param cursorMicros    the version (cursor, epoch µs) last emitted for the key
 * @param rowImage        the last emitted row image, when a capture mode needs it (hard deletes); null otherwise
 * @param streamHighWater the change stream's position for the key, when a capture mode needs it; null otherwise
 */
public record KeyState(long cursorMicros, byte[] rowImage, Long streamHighWater) {

  public static KeyState emittedAt(long cursorMicros) {
    return new KeyState(cursorMicros, null, null);
  }
}
