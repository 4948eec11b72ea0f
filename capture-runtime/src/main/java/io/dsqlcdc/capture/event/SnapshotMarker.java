package io.dsqlcdc.capture.event;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The envelope's {@code source.snapshot}, as Debezium writes it. */
public enum SnapshotMarker {
  /** A row read by the snapshot. */
  TRUE("true"),
  /** The snapshot's last row. */
  LAST("last"),
  /** A change read while streaming. */
  FALSE("false");

  private final String text;

  SnapshotMarker(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** Every value, comma-separated, as the envelope schema's enum parameter lists them. */
  static String allowed() {
    return Arrays.stream(values()).map(SnapshotMarker::text).collect(Collectors.joining(","));
  }
}
