package io.dsqlcdc.capture.offsets;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Offsets topic records: key = the table's qualified name, value = its TableOffset as JSON. */
public final class OffsetCodec {
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private OffsetCodec() {
  }

  public static byte[] key(String table) {
    return table.getBytes(StandardCharsets.UTF_8);
  }

  public static String table(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  public static byte[] encode(TableOffset offset) {
    try {
      return JSON.writeValueAsBytes(offset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TableOffset decode(byte[] value) {
    try {
      return JSON.readValue(value, TableOffset.class);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable offsets record", e);
    }
  }
}
