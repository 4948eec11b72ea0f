package io.dsqlcdc.capture.dispatch;

/** What a table's key states record of each emitted version, by capture mode. */
public enum KeyStates {
  /** Poll mode: the version's cursor. */
  CURSOR,
  /** Poll mode with hard deletes: the cursor and the emitted row image (the {@code before} of a later hard delete). */
  CURSOR_AND_IMAGE,
  /** Stream mode: the version's commit time in the change stream, the key's high-water; deleted keys keep theirs. */
  STREAM_HIGH_WATER
}
