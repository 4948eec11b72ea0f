package io.dsqlcdc.capture.state;

import java.nio.file.Path;
import org.rocksdb.RocksDBException;

/** The local state store failed; the message names the directory and what to do. */
public final class StateStoreException extends RuntimeException {
  private final boolean locked;

  private StateStoreException(String message, Throwable cause, boolean locked) {
    super(message, cause);
    this.locked = locked;
  }

  static StateStoreException opening(Path dir, RocksDBException e) {
    String detail = String.valueOf(e.getMessage());
    boolean locked = detail.contains("lock");
    String message = locked
        ? "the state directory " + dir + " is in use by another runtime (" + detail + "): give each runtime its own"
            + " --state-dir"
        : "cannot open the state store in " + dir + ": " + detail;
    return new StateStoreException(message, e, locked);
  }

  static StateStoreException failed(String action, Path dir, RocksDBException e) {
    return new StateStoreException(action + " the state store in " + dir + " failed: " + e.getMessage()
        + " (is the state volume full?)", e, false);
  }

  boolean locked() {
    return locked;
  }
}
