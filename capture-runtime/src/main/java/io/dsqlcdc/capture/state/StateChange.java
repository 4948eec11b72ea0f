package io.dsqlcdc.capture.state;

/**
 * One key's new state, written to the changelog in the transaction of the events that caused it.
 *
 * @param cursorMicros the version that caused the change (for a delete, the version carrying the delete)
 * @param state        the key's state after it, null when the key was deleted
 */
public record StateChange(String keyText, long cursorMicros, KeyState state) {

  public static StateChange emitted(String keyText, long cursorMicros) {
    return new StateChange(keyText, cursorMicros, KeyState.emittedAt(cursorMicros));
  }

  public static StateChange deleted(String keyText, long cursorMicros) {
    return new StateChange(keyText, cursorMicros, null);
  }

  public boolean live() {
    return state != null;
  }
}
