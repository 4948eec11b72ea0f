package io.dsqlcdc.capture.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsqlcdc.api.spec.DecimalHandling;
import io.dsqlcdc.api.spec.FormatSpec;
import io.dsqlcdc.api.spec.TableSpec;
import io.dsqlcdc.capture.source.ColumnSchema;
import io.dsqlcdc.capture.source.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFactoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ColumnSchema ID = new ColumnSchema("id", "int8", null, null, null, false);
  private static final ColumnSchema NAME = new ColumnSchema("name", "varchar", 20, null, null, true);
  private static final ColumnSchema AT = new ColumnSchema("updated_at", "timestamptz", null, null, 6, false);
  private static final TableSchema TABLE = new TableSchema(new TableSpec("public.items", "updated_at"),
      List.of(ID, NAME, AT), List.of(ID), AT, null, true);
  private static final SourceRow ROW = new SourceRow(new Object[] {7L, "seven", "2026-11-24T06:00:00.123456Z"},
      1_764_000_000_123_456L, List.of("7"), false);

  private static EventFactory factory(FormatSpec format) {
    List<ColumnMapping> mappings = TABLE.columns().stream()
        .map(c -> TypeMapping.map("public.items", c, format.decimalHandling())).toList();
    return new EventFactory(TABLE, mappings, "shop", "postgres", format, 1);
  }

  @Test
  void createEventCarriesTheRowAsAfterAndTheCursorInSource() throws Exception {
    List<ChangeEvent> events = factory(FormatSpec.defaults())
        .events(ROW, ChangeEvent.Op.CREATE, SnapshotMarker.FALSE, 99L);
    assertThat(events).hasSize(1);
    ChangeEvent e = events.get(0);
    assertThat(e.topic()).isEqualTo("shop.public.items");
    assertThat(JSON.readTree(e.key())).isEqualTo(JSON.readTree("{\"id\":7}"));
    JsonNode value = JSON.readTree(e.value());
    assertThat(value.get("op").asText()).isEqualTo("c");
    assertThat(value.get("before").isNull()).isTrue();
    assertThat(value.get("after").get("name").asText()).isEqualTo("seven");
    assertThat(value.get("ts_ms").asLong()).isEqualTo(99L);
    JsonNode source = value.get("source");
    assertThat(source.get("connector").asText()).isEqualTo("dsql");
    assertThat(source.get("name").asText()).isEqualTo("shop");
    assertThat(source.get("ts_ms").asLong()).isEqualTo(1_764_000_000_123L);
    assertThat(source.get("sequence").asText()).isEqualTo("1764000000123456");
    assertThat(source.get("snapshot").asText()).isEqualTo("false");
    assertThat(source.get("db").asText()).isEqualTo("postgres");
    assertThat(source.get("schema").asText()).isEqualTo("public");
    assertThat(source.get("table").asText()).isEqualTo("items");
  }

  @Test
  void deleteCarriesTheRowAsBeforeAndIsFollowedByATombstone() throws Exception {
    List<ChangeEvent> events = factory(FormatSpec.defaults())
        .events(ROW, ChangeEvent.Op.DELETE, SnapshotMarker.FALSE, 1L);
    assertThat(events).extracting(ChangeEvent::op).containsExactly(ChangeEvent.Op.DELETE, ChangeEvent.Op.TOMBSTONE);
    JsonNode value = JSON.readTree(events.get(0).value());
    assertThat(value.get("before").get("id").asLong()).isEqualTo(7);
    assertThat(value.get("after").isNull()).isTrue();
    assertThat(events.get(1).value()).isNull();
    assertThat(events.get(1).key()).isEqualTo(events.get(0).key());
  }

  @Test
  void tombstonesCanBeTurnedOff() {
    List<ChangeEvent> events = factory(new FormatSpec(false, null, false))
        .events(ROW, ChangeEvent.Op.DELETE, SnapshotMarker.FALSE, 1L);
    assertThat(events).extracting(ChangeEvent::op).containsExactly(ChangeEvent.Op.DELETE);
  }

  @Test
  void withSchemasKeyAndValueAreWrappedWithDebeziumSemanticTypes() throws Exception {
    ChangeEvent e = factory(new FormatSpec(true, DecimalHandling.STRING, true))
        .events(ROW, ChangeEvent.Op.READ, SnapshotMarker.TRUE, 1L).get(0);
    JsonNode key = JSON.readTree(e.key());
    assertThat(key.get("schema").get("name").asText()).isEqualTo("shop.public.items.Key");
    assertThat(key.get("payload").get("id").asLong()).isEqualTo(7);
    JsonNode value = JSON.readTree(e.value());
    JsonNode schema = value.get("schema");
    assertThat(schema.get("name").asText()).isEqualTo("shop.public.items.Envelope");
    JsonNode after = schema.get("fields").get(1);
    assertThat(after.get("field").asText()).isEqualTo("after");
    assertThat(after.get("name").asText()).isEqualTo("shop.public.items.Value");
    JsonNode name = after.get("fields").get(1);
    assertThat(name.get("type").asText()).isEqualTo("string");
    assertThat(name.get("optional").asBoolean()).isTrue();
    assertThat(name.get("parameters").get("__debezium.source.column.type").asText()).isEqualTo("VARCHAR");
    assertThat(name.get("parameters").get("__debezium.source.column.length").asText()).isEqualTo("20");
    JsonNode at = after.get("fields").get(2);
    assertThat(at.get("name").asText()).isEqualTo("io.debezium.time.ZonedTimestamp");
    assertThat(value.get("payload").get("op").asText()).isEqualTo("r");
  }
}
