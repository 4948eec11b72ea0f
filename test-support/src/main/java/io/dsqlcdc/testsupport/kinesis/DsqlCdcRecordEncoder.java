package io.dsqlcdc.testsupport.kinesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * Encodes a {@link RowChange} as the Kinesis record data Aurora DSQL publishes for it, following the user guide
 * ("Understanding CDC records": record payload, payload fields, handling oversized records).
 *
 * <p>A record is a JSON object with, in this order: {@code type}, {@code op}, {@code before}, {@code after},
 * {@code source} ({@code version "1.0"}, {@code ts_ms}, {@code ts_ns} = commit time, {@code txId}, {@code schema},
 * {@code table}, {@code db "postgres"}, {@code cluster}), then {@code chunked} (chunked records only), {@code ts_ms}
 * and {@code ts_ns} (the time the CDC system processed the record). Inserts and updates carry the full row in
 * {@code after} and {@code before: null}; deletes carry the primary key in {@code before} and {@code after: null}.
 *
 * <p>A record whose JSON is larger than the fragment threshold (DSQL: 9 MiB) becomes a main record of
 * {@code type "chunked"} plus fragment records: the main record has {@code after: null} and
 * {@code chunked.after = {chunk_id, total_fragments, crc32c}}; each fragment is
 * {@code {"type":"fragment","chunk_id":...,"index":i,"data":...}} where the {@code data} strings, in index order,
 * concatenate to the after image's JSON text, split on character boundaries.
 *
 * <p>Readings where the guide leaves room (the runtime's parser must accept these):
 * <ul>
 *   <li>Only the {@code after} image is ever chunked: {@code before} holds only the primary key, and DSQL keys are
 *       at most 1 KiB.</li>
 *   <li>{@code crc32c} is the CRC32C (Castagnoli, as {@link CRC32C} computes it) of the UTF-8 bytes of the
 *       concatenated image text, written as the unsigned 32-bit value in decimal.</li>
 *   <li>Each fragment record, whole, stays within the threshold too (the split counts the JSON escaping of the
 *       {@code data} string), so a stream that takes the main records takes the fragments.</li>
 *   <li>{@code chunk_id} is an opaque string (here 32 lowercase hex digits); {@code index} is a JSON number.</li>
 * </ul>
 */
public final class DsqlCdcRecordEncoder {
  /** DSQL splits records whose serialized JSON exceeds 9 MiB. */
  public static final int DSQL_FRAGMENT_THRESHOLD = 9 * 1024 * 1024;
  /** Below this a fragment could not carry enough of the image to make progress. */
  public static final int MIN_FRAGMENT_THRESHOLD = 512;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String cluster;
  private final int fragmentThreshold;
  private final Supplier<String> chunkIds;

  /**
   * @param cluster the {@code source.cluster} value
   * @param fragmentThreshold records larger than this many bytes are chunked, and no fragment record is larger
   * @param chunkIds the source of {@code chunk_id} values
   */
  public DsqlCdcRecordEncoder(String cluster, int fragmentThreshold, Supplier<String> chunkIds) {
    if (fragmentThreshold < MIN_FRAGMENT_THRESHOLD) {
      throw new IllegalArgumentException("fragment threshold below " + MIN_FRAGMENT_THRESHOLD + " bytes: "
          + fragmentThreshold);
    }
    this.cluster = cluster;
    this.fragmentThreshold = fragmentThreshold;
    this.chunkIds = chunkIds;
  }

  /** The Kinesis record data for one change: a full record, or a chunked main record and its fragments. */
  public record Encoded(byte[] main, List<byte[]> fragments) {
    public Encoded {
      fragments = List.copyOf(fragments);
    }

    /** True when the change was split into a chunked main record and fragments. */
    public boolean chunked() {
      return !fragments.isEmpty();
    }
  }

  /**
   * Encodes the change committed at {@code commitTsNs} in transaction {@code txId}, processed by the CDC system at
   * {@code processedTsNs}.
   */
  public Encoded encode(RowChange change, long commitTsNs, String txId, long processedTsNs) {
    Map<String, Object> full = envelope("full", change, change.after(), commitTsNs, txId, processedTsNs, null);
    byte[] whole = write(full);
    if (whole.length <= fragmentThreshold) {
      return new Encoded(whole, List.of());
    }
    String image = new String(write(change.after()), StandardCharsets.UTF_8);
    String chunkId = chunkIds.get();
    List<String> pieces = split(image, chunkId);
    CRC32C crc = new CRC32C();
    crc.update(image.getBytes(StandardCharsets.UTF_8));
    Map<String, Object> reference = new LinkedHashMap<>();
    reference.put("chunk_id", chunkId);
    reference.put("total_fragments", pieces.size());
    reference.put("crc32c", Long.toString(crc.getValue()));
    Map<String, Object> main = envelope("chunked", change, null, commitTsNs, txId, processedTsNs,
        Map.of("after", reference));
    List<byte[]> fragments = new ArrayList<>();
    for (int index = 0; index < pieces.size(); index++) {
      byte[] fragment = write(fragment(chunkId, index, pieces.get(index)));
      if (fragment.length > fragmentThreshold) {
        throw new IllegalStateException("fragment " + index + " is " + fragment.length + " bytes, above "
            + fragmentThreshold);
      }
      fragments.add(fragment);
    }
    return new Encoded(write(main), fragments);
  }

  private Map<String, Object> envelope(String type, RowChange change, Map<String, Object> after, long commitTsNs,
      String txId, long processedTsNs, Map<String, Object> chunked) {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("version", "1.0");
    source.put("ts_ms", Math.floorDiv(commitTsNs, 1_000_000L));
    source.put("ts_ns", commitTsNs);
    source.put("txId", txId);
    source.put("schema", change.schema());
    source.put("table", change.table());
    source.put("db", "postgres");
    source.put("cluster", cluster);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("type", type);
    record.put("op", change.op().code());
    record.put("before", change.op() == RowChange.Op.DELETE ? change.key() : null);
    record.put("after", after);
    record.put("source", source);
    if (chunked != null) {
      record.put("chunked", chunked);
    }
    record.put("ts_ms", Math.floorDiv(processedTsNs, 1_000_000L));
    record.put("ts_ns", processedTsNs);
    return record;
  }

  private static Map<String, Object> fragment(String chunkId, int index, String data) {
    Map<String, Object> fragment = new LinkedHashMap<>();
    fragment.put("type", "fragment");
    fragment.put("chunk_id", chunkId);
    fragment.put("index", index);
    fragment.put("data", data);
    return fragment;
  }

  /** Splits the text on code point boundaries so that each fragment record's JSON fits the threshold. */
  private List<String> split(String image, String chunkId) {
    int overhead = write(fragment(chunkId, Integer.MAX_VALUE, "")).length;
    int budget = fragmentThreshold - overhead;
    List<String> pieces = new ArrayList<>();
    int start = 0;
    int used = 0;
    for (int at = 0; at < image.length(); ) {
      int codePoint = image.codePointAt(at);
      int size = escapedSize(codePoint);
      if (used + size > budget) {
        pieces.add(image.substring(start, at));
        start = at;
        used = 0;
      }
      used += size;
      at += Character.charCount(codePoint);
    }
    pieces.add(image.substring(start));
    return pieces;
  }

  /** An upper bound of the bytes a code point takes inside a JSON string written by Jackson. */
  private static int escapedSize(int codePoint) {
    if (codePoint == '"' || codePoint == '\\') {
      return 2;
    }
    if (codePoint < 0x20) {
      return 6;
    }
    if (codePoint < 0x80) {
      return 1;
    }
    return codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }

  private static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value, e);
    }
  }
}
