package io.dsqlcdc.capture.source;

/** SQL identifier quoting. */
public final class Identifiers {
  private Identifiers() {
  }

  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
