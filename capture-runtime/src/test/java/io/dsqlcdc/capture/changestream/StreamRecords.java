package io.dsqlcdc.capture.changestream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/** DSQL CDC documents as the user guide shows them, for the tests of this package. */
final class StreamRecords {
  static final Instant T0 = Instant.parse("2026-12-06T05:00:00Z");

  private StreamRecords() {
  }

  static String full(String op, String before, String after, long tsNs, String txId) {
    return """
        {"type": "full", "op": "%s", "before": %s, "after": %s,
         "source": {"version": "1.0", "ts_ms": %d, "ts_ns": %d, "txId": "%s", "schema": "public",
                    "table": "order_items", "db": "postgres", "cluster": "kmabugltfmjdaj2siqr2qbxgju"},
         "ts_ms": %d, "ts_ns": %d}""".formatted(op, before, after, tsNs / 1_000_000, tsNs, txId,
        tsNs / 1_000_000 + 125, tsNs + 125_483_291);
  }

  static String insert(String after, long tsNs) {
    return full("c", "null", after, tsNs, "ffthunp5stx6ffs2vyfqoatmfu");
  }

  static String chunked(String op, String chunkedJson, long tsNs) {
    return """
        {"type": "chunked", "op": "%s", "before": null, "after": null,
         "source": {"version": "1.0", "ts_ms": %d, "ts_ns": %d, "txId": "tx1", "schema": "public",
                    "table": "order_items", "db": "postgres", "cluster": "c1"},
         "chunked": %s, "ts_ms": %d, "ts_ns": %d}""".formatted(op, tsNs / 1_000_000, tsNs, chunkedJson,
        tsNs / 1_000_000, tsNs);
  }

  static String chunkRef(String chunkId, int total, String imageText) {
    return "{\"chunk_id\": \"%s\", \"total_fragments\": %d, \"crc32c\": \"%d\"}".formatted(chunkId, total,
        crc32c(imageText));
  }

  static long crc32c(String text) {
    CRC32C crc = new CRC32C();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  /** The image text cut into {@code n} fragment documents of about equal length. */
  static List<String> fragments(String chunkId, String imageText, int n) {
    List<String> out = new ArrayList<>();
    int size = (imageText.length() + n - 1) / n;
    for (int i = 0; i < n; i++) {
      String piece = imageText.substring(Math.min(i * size, imageText.length()),
          Math.min((i + 1) * size, imageText.length()));
      out.add("{\"type\": \"fragment\", \"chunk_id\": \"%s\", \"index\": %d, \"data\": %s}".formatted(chunkId, i,
          jsonString(piece)));
    }
    return out;
  }

  static String jsonString(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static ShardRecord record(String shard, String sequence, Instant arrival, String json) {
    return new ShardRecord(shard, sequence, arrival, json.getBytes(StandardCharsets.UTF_8));
  }
}
