package io.dsqlcdc.capture.state;

/**
 * What the pipeline knows about one key whose events consumers hold: in poll mode a key is in the store exactly
 * while it was emitted and not deleted. In stream mode a deleted key keeps a state marked {@code deleted}, whose
 * high-water drops a duplicate or straggler of an older version arriving after the delete.
 *
 * @param cursorMicros    the version (cursor, epoch µs) last emitted for the key
 * @param rowImage        the last emitted row image, when a capture mode needs it (hard deletes); null otherwise
 * @param streamHighWater the change stream's commit time (ns) of the key's last version emitted or deleted, in
 *                        stream mode; null otherwise
 * @param deleted         the key's last version was a delete: consumers no longer hold it (stream mode only)
 */
public record KeyState(long cursorMicros, byte[] rowImage, Long streamHighWater, boolean deleted) {

  public KeyState(long cursorMicros, byte[] rowImage, Long streamHighWater) {
    this(cursorMicros, rowImage, streamHighWater, false);
  }

  public static KeyState emittedAt(long cursorMicros) {
    return new KeyState(cursorMicros, null, null);
  }

  /** A key emitted from the change stream, its version committed at {@code commitNanos}. */
  public static KeyState streamed(long commitNanos) {
    return new KeyState(Math.floorDiv(commitNanos, 1000L), null, commitNanos, false);
  }

  /** A key the change stream deleted at {@code commitNanos}: no longer held, its high-water kept. */
  public static KeyState streamDeleted(long commitNanos) {
    return new KeyState(Math.floorDiv(commitNanos, 1000L), null, commitNanos, true);
  }

  /** Consumers hold the key: it was emitted and its last version was not a delete. */
  public boolean held() {
    return !deleted;
  }
}
