package io.dsqlcdc.capture.changestream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the JSON document of a Kinesis record into a {@link CdcMessage}, as the DSQL user guide documents the
 * format ("Understanding CDC records"). Anything else is a {@link CdcRecordException} naming the shard, the sequence
 * number and what is wrong. The row images are not looked into here: the stream carries every table of the
 * cluster, and only a captured table's rows are converted (by {@link RowConverter}, which checks them). Numbers are
 * kept exact (decimals as BigDecimal) so a column's value is converted from the text DSQL sent, not from a double.
 */
public final class CdcRecordParser {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** The message of one Kinesis record. */
  public CdcMessage parse(ShardRecord record) {
    JsonNode doc;
    try {
      doc = JSON.readTree(record.data());
    } catch (IOException e) {
      throw problem(record, "is not JSON (" + firstLine(e) + ")", e);
    }
    if (doc == null || !doc.isObject()) {
      throw problem(record, "is not a JSON object", null);
    }
    String type = text(record, doc, "type");
    return switch (type) {
      case "full" -> full(record, doc);
      case "chunked" -> chunked(record, doc);
      case "fragment" -> fragment(record, doc);
      default -> throw problem(record, "has type \"" + type + "\"; known are full, chunked and fragment", null);
    };
  }

  /** Parses a reassembled image's JSON text: an object of column values. */
  static Map<String, JsonNode> image(String json, String what) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CdcRecordException(what + " is not JSON (" + firstLine(e) + ")", e);
    }
    if (node == null || !node.isObject()) {
      throw new CdcRecordException(what + " is not a JSON object");
    }
    return columns(node);
  }

  private static CdcRecord full(ShardRecord record, JsonNode doc) {
    return new CdcRecord(text(record, doc, "op"), image(record, doc, "before"), image(record, doc, "after"),
        source(record, doc), number(record, doc, "ts_ms"), number(record, doc, "ts_ns"));
  }

  private static ChunkedRecord chunked(ShardRecord record, JsonNode doc) {
    JsonNode chunked = doc.get("chunked");
    if (chunked == null || !chunked.isObject()) {
      throw problem(record, "has type chunked but no \"chunked\" object", null);
    }
    ChunkedRecord.ChunkRef before = chunk(record, chunked, "before");
    ChunkedRecord.ChunkRef after = chunk(record, chunked, "after");
    if (before == null && after == null) {
      throw problem(record, "has type chunked but \"chunked\" names neither before nor after", null);
    }
    return new ChunkedRecord(text(record, doc, "op"), image(record, doc, "before"), image(record, doc, "after"),
        before, after, source(record, doc), number(record, doc, "ts_ms"), number(record, doc, "ts_ns"));
  }

  private static CdcFragment fragment(ShardRecord record, JsonNode doc) {
    long index = number(record, doc, "index");
    if (index < 0 || index > Integer.MAX_VALUE) {
      throw problem(record, "has fragment index " + index, null);
    }
    return new CdcFragment(text(record, doc, "chunk_id"), (int) index, text(record, doc, "data"));
  }

  private static ChunkedRecord.ChunkRef chunk(ShardRecord record, JsonNode chunked, String image) {
    JsonNode ref = chunked.get(image);
    if (ref == null || ref.isNull()) {
      return null;
    }
    String where = "chunked." + image;
    long total = number(record, ref, "total_fragments", where);
    if (total < 1 || total > Integer.MAX_VALUE) {
      throw problem(record, "has " + where + ".total_fragments " + total, null);
    }
    String crc = text(record, ref, "crc32c", where);
    long checksum;
    try {
      checksum = Long.parseLong(crc);
    } catch (NumberFormatException e) {
      throw problem(record, "has " + where + ".crc32c \"" + crc + "\", not a decimal number", null);
    }
    if (checksum < 0 || checksum > 0xFFFF_FFFFL) {
      throw problem(record, "has " + where + ".crc32c " + crc + ", beyond 32 bits", null);
    }
    return new ChunkedRecord.ChunkRef(text(record, ref, "chunk_id", where), (int) total, checksum);
  }

  private static CdcSource source(ShardRecord record, JsonNode doc) {
    JsonNode source = doc.get("source");
    if (source == null || !source.isObject()) {
      throw problem(record, "has no \"source\" object", null);
    }
    return new CdcSource(optionalText(source, "version"), number(record, source, "ts_ms", "source"),
        number(record, source, "ts_ns", "source"), text(record, source, "txId", "source"),
        text(record, source, "schema", "source"), text(record, source, "table", "source"),
        optionalText(source, "db"), optionalText(source, "cluster"));
  }

  private static Map<String, JsonNode> image(ShardRecord record, JsonNode doc, String field) {
    JsonNode image = doc.get(field);
    if (image == null || image.isNull()) {
      return null;
    }
    if (!image.isObject()) {
      throw problem(record, "has a \"" + field + "\" that is not an object", null);
    }
    return columns(image);
  }

  private static Map<String, JsonNode> columns(JsonNode image) {
    Map<String, JsonNode> columns = new LinkedHashMap<>();
    image.fields().forEachRemaining(e -> columns.put(e.getKey(), e.getValue()));
    return columns;
  }

  private static String text(ShardRecord record, JsonNode doc, String field) {
    return text(record, doc, field, null);
  }

  private static String text(ShardRecord record, JsonNode doc, String field, String parent) {
    JsonNode value = doc.get(field);
    if (value == null || !value.isTextual()) {
      throw problem(record, describe(value, field, parent, "a string"), null);
    }
    return value.textValue();
  }

  private static String optionalText(JsonNode doc, String field) {
    JsonNode value = doc.get(field);
    return value == null || !value.isTextual() ? null : value.textValue();
  }

  private static long number(ShardRecord record, JsonNode doc, String field) {
    return number(record, doc, field, null);
  }

  private static long number(ShardRecord record, JsonNode doc, String field, String parent) {
    JsonNode value = doc.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw problem(record, describe(value, field, parent, "an integer"), null);
    }
    return value.longValue();
  }

  private static String describe(JsonNode value, String field, String parent, String expected) {
    String name = parent == null ? field : parent + "." + field;
    return value == null ? "has no \"" + name + "\"" : "has a \"" + name + "\" that is not " + expected;
  }

  private static CdcRecordException problem(ShardRecord record, String what, Throwable cause) {
    return new CdcRecordException("the change stream record at " + record.position() + " " + what, cause);
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
