package io.dsqlcdc.capture.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsqlcdc.api.spec.FormatSpec;
import io.dsqlcdc.capture.source.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns row versions of one table into Debezium-shaped Kafka records: key = the key columns as a struct, value =
 * the envelope (before, after, source, op, ts_ms), optionally wrapped as JsonConverter's {schema, payload}.
 */
public final class EventFactory {
  public static final String CONNECTOR = "dsql";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TableSchema table;
  private final List<ColumnMapping> columns;
  private final int[] keyIndexes;
  private final String topic;
  private final String serverName;
  private final String database;
  private final FormatSpec format;
  private final SerializedString[] columnNames;
  private final SerializedString keySchema;
  private final SerializedString valueSchema;
  private final long schemaVersion;

  /** @param schemaVersion the version of the table's shape, carried by every event as a header */
  public EventFactory(TableSchema table, List<ColumnMapping> columns, String topicPrefix, String database,
                      FormatSpec format, long schemaVersion) {
    this.table = table;
    this.schemaVersion = schemaVersion;
    this.columns = List.copyOf(columns);
    this.keyIndexes = table.key().stream().mapToInt(k -> table.columns().indexOf(k)).toArray();
    this.serverName = topicPrefix;
    this.topic = topicFor(topicPrefix, table.schemaName(), table.tableName());
    this.database = database;
    this.format = format;
    this.columnNames = columns.stream().map(c -> new SerializedString(c.column().name()))
        .toArray(SerializedString[]::new);
    this.keySchema = format.schemas() ? json(keySchema()) : null;
    this.valueSchema = format.schemas() ? json(envelopeSchema()) : null;
  }

  private static SerializedString json(ObjectNode schema) {
    try {
      return new SerializedString(JSON.writeValueAsString(schema));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String topicFor(String topicPrefix, String schema, String table) {
    return topicPrefix + "." + schema + "." + table;
  }

  public String topic() {
    return topic;
  }

  /**
   * The events for one row version: r/c/u carry the row as {@code after}; d carries it as {@code before} and is
   * followed by a tombstone unless tombstones are off.
   */
  public List<ChangeEvent> events(SourceRow row, ChangeEvent.Op op, SnapshotMarker snapshot, long emittedAtMillis) {
    byte[] key = serialize(keySchema, g -> writeKey(g, row));
    byte[] value = serialize(valueSchema, g -> writeEnvelope(g, row, op, snapshot, emittedAtMillis));
    String keyText = row.keyText();
    return withTombstone(new ChangeEvent(topic, key, value, keyText, row.cursorMicros(), op, schemaVersion));
  }

  /** A d event followed by its tombstone unless tombstones are off; any other event alone. */
  private List<ChangeEvent> withTombstone(ChangeEvent event) {
    if (event.op() == ChangeEvent.Op.DELETE && format.tombstones()) {
      return List.of(event, new ChangeEvent(topic, event.key(), null, event.keyText(), event.cursorMicros(),
          ChangeEvent.Op.TOMBSTONE, event.schemaVersion()));
    }
    return List.of(event);
  }

  /** The row as {@code after} holds it (without schema): kept in the key's state as a later hard delete's before. */
  public byte[] image(SourceRow row) {
    return serialize(null, g -> writeRowOrNull(g, row));
  }

  /**
   * The events of a key found gone by the hard-delete scan: {@code d} whose {@code before} is the last emitted row
   * image (or, when the state has none, the key columns alone), then a tombstone unless tombstones are off.
   *
   * @param keyRow       the key: key columns set, the other values null; cursor = when the scan found it gone
   * @param lastImage    the image {@link #image} made of the last emitted version, or null
   */
  public List<ChangeEvent> hardDeleted(SourceRow keyRow, byte[] lastImage, long emittedAtMillis) {
    byte[] key = serialize(keySchema, g -> writeKey(g, keyRow));
    Body before = lastImage != null
        ? b -> b.writeRawValue(new String(lastImage, java.nio.charset.StandardCharsets.UTF_8))
        : b -> writeRowOrNull(b, keyRow);
    byte[] value = serialize(valueSchema, g -> writeEnvelope(g, before, JsonGenerator::writeNull, keyRow,
        ChangeEvent.Op.DELETE, SnapshotMarker.FALSE, emittedAtMillis));
    return withTombstone(new ChangeEvent(topic, key, value, keyRow.keyText(), keyRow.cursorMicros(),
        ChangeEvent.Op.DELETE, schemaVersion));
  }

  /** The values of a row holding only the key columns, from their texts ({@code integers}: which are numbers). */
  public Object[] keyOnlyValues(List<String> keyValues, boolean[] integers) {
    Object[] values = new Object[columnNames.length];
    for (int k = 0; k < keyIndexes.length; k++) {
      values[keyIndexes[k]] = integers[k] ? (Object) Long.parseLong(keyValues.get(k)) : keyValues.get(k);
    }
    return values;
  }

  private void writeKey(JsonGenerator g, SourceRow row) throws IOException {
    g.writeStartObject();
    for (int i : keyIndexes) {
      g.writeFieldName(columnNames[i]);
      g.writeObject(row.values()[i]);
    }
    g.writeEndObject();
  }

  private void writeEnvelope(JsonGenerator g, SourceRow row, ChangeEvent.Op op, SnapshotMarker snapshot,
                             long emittedAtMillis) throws IOException {
    boolean delete = op == ChangeEvent.Op.DELETE;
    writeEnvelope(g, b -> writeRowOrNull(b, delete ? row : null), b -> writeRowOrNull(b, delete ? null : row), row, op,
        snapshot, emittedAtMillis);
  }

  private void writeEnvelope(JsonGenerator g, Body before, Body after, SourceRow row, ChangeEvent.Op op,
                             SnapshotMarker snapshot, long emittedAtMillis) throws IOException {
    g.writeStartObject();
    g.writeFieldName("before");
    before.write(g);
    g.writeFieldName("after");
    after.write(g);
    g.writeFieldName("source");
    writeSource(g, row, snapshot);
    g.writeStringField("op", op.code());
    g.writeNumberField("ts_ms", emittedAtMillis);
    g.writeEndObject();
  }

  private void writeRowOrNull(JsonGenerator g, SourceRow row) throws IOException {
    if (row == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    Object[] values = row.values();
    for (int i = 0; i < columnNames.length; i++) {
      g.writeFieldName(columnNames[i]);
      g.writeObject(values[i]);
    }
    g.writeEndObject();
  }

  private void writeSource(JsonGenerator g, SourceRow row, SnapshotMarker snapshot) throws IOException {
    g.writeStartObject();
    g.writeStringField("version", RuntimeVersion.VERSION);
    g.writeStringField("connector", CONNECTOR);
    g.writeStringField("name", serverName);
    g.writeNumberField("ts_ms", Math.floorDiv(row.cursorMicros(), 1000L));
    g.writeStringField("snapshot", snapshot.text());
    g.writeStringField("db", database);
    g.writeStringField("sequence", String.valueOf(row.cursorMicros()));
    g.writeStringField("schema", table.schemaName());
    g.writeStringField("table", table.tableName());
    g.writeEndObject();
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** Writes the payload straight to bytes, wrapped as {schema, payload} when schemas are on. */
  private static byte[] serialize(SerializedString schema, Body payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      if (schema == null) {
        payload.write(g);
      } else {
        g.writeStartObject();
        g.writeFieldName("schema");
        g.writeRawValue(schema);
        g.writeFieldName("payload");
        payload.write(g);
        g.writeEndObject();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private String schemaPrefix() {
    return serverName + "." + table.schemaName() + "." + table.tableName();
  }

  private ObjectNode keySchema() {
    List<ColumnMapping> keyColumns = new ArrayList<>();
    for (int i : keyIndexes) {
      keyColumns.add(columns.get(i));
    }
    return struct(keyColumns, schemaPrefix() + ".Key", false, null);
  }

  private ObjectNode envelopeSchema() {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("type", "struct");
    ArrayNode fields = envelope.putArray("fields");
    fields.add(struct(columns, schemaPrefix() + ".Value", true, "before"));
    fields.add(struct(columns, schemaPrefix() + ".Value", true, "after"));
    fields.add(sourceSchema());
    fields.add(ConnectSchema.of("string").toJson(false, "op"));
    fields.add(ConnectSchema.of("int64").toJson(true, "ts_ms"));
    envelope.put("optional", false);
    envelope.put("name", schemaPrefix() + ".Envelope");
    envelope.put("version", 1);
    return envelope;
  }

  private static ObjectNode struct(List<ColumnMapping> fieldsOf, String name, boolean optional, String field) {
    ObjectNode struct = JsonNodeFactory.instance.objectNode();
    struct.put("type", "struct");
    ArrayNode fields = struct.putArray("fields");
    for (ColumnMapping c : fieldsOf) {
      fields.add(fieldSchema(c));
    }
    struct.put("optional", optional);
    struct.put("name", name);
    if (field != null) {
      struct.put("field", field);
    }
    return struct;
  }

  private static ObjectNode fieldSchema(ColumnMapping c) {
    ConnectSchema schema = c.schema();
    ObjectNode node = schema.toJson(c.column().optional(), c.column().name());
    if ("io.debezium.data.VariableScaleDecimal".equals(schema.name())) {
      ArrayNode fields = JsonNodeFactory.instance.arrayNode();
      fields.add(ConnectSchema.of("int32").toJson(false, "scale"));
      fields.add(ConnectSchema.of("bytes").toJson(false, "value"));
      node.set("fields", fields);
    }
    return node;
  }

  private static ObjectNode sourceSchema() {
    ObjectNode source = JsonNodeFactory.instance.objectNode();
    source.put("type", "struct");
    ArrayNode fields = source.putArray("fields");
    fields.add(ConnectSchema.of("string").toJson(false, "version"));
    fields.add(ConnectSchema.of("string").toJson(false, "connector"));
    fields.add(ConnectSchema.of("string").toJson(false, "name"));
    fields.add(ConnectSchema.of("int64").toJson(false, "ts_ms"));
    fields.add(ConnectSchema.named("string", "io.debezium.data.Enum")
        .withParameters(Map.of("allowed", SnapshotMarker.allowed())).toJson(true, "snapshot"));
    fields.add(ConnectSchema.of("string").toJson(false, "db"));
    fields.add(ConnectSchema.of("string").toJson(true, "sequence"));
    fields.add(ConnectSchema.of("string").toJson(false, "schema"));
    fields.add(ConnectSchema.of("string").toJson(false, "table"));
    source.put("optional", false);
    source.put("name", "io.dsqlcdc.connector.dsql.Source");
    source.put("field", "source");
    return source;
  }
}
