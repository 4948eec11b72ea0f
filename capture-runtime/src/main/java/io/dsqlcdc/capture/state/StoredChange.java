package io.dsqlcdc.capture.state;

/**
 * A changelog record as the store writes it, left in its encoded form: a restore copies millions of them, and
 * decoding each into a {@link StateChange} only to encode it again halved the restore rate.
 *
 * @param key          the key's text, UTF-8
 * @param value        the encoded {@link KeyState}, null for a deleted key
 * @param cursorMicros the version that caused the change, for the versions index
 */
record StoredChange(byte[] key, byte[] value, long cursorMicros) {
}
