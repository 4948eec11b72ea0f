package io.dsqlcdc.bench.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** What the bench reads out of a DSQL CDC record (a {@code full} record's JSON) that a plain relay passed on as is. */
public final class DsqlRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DsqlRecords() {
  }

  /** The row's {@code id}: from {@code after}, or for a delete (no after image) from {@code before}'s key. */
  public static long rowId(String record) {
    try {
      JsonNode node = JSON.readTree(record);
      JsonNode image = node.path("after").isObject() ? node.get("after") : node.path("before");
      JsonNode id = image.path("id");
      if (!id.canConvertToLong()) {
        throw new IllegalArgumentException("no row id in the record's after or before image: " + record);
      }
      return id.asLong();
    } catch (IOException e) {
      throw new UncheckedIOException("not a DSQL CDC record: " + record, e);
    }
  }
}
