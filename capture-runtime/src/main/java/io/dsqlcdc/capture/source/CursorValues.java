package io.dsqlcdc.capture.source;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Cursor positions are epoch microseconds; SQL gets them back as ISO-8601 text cast to the column's type. */
public final class CursorValues {
  private CursorValues() {
  }

  public static String toSqlText(long micros, String cursorType) {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
    if (cursorType.equals("timestamp")) {
      return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC).toString();
    }
    return Instant.ofEpochSecond(seconds, nanos).toString();
  }

  public static String toIso(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L).toString();
  }
}
