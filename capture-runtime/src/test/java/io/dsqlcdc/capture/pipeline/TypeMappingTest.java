package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every PostgreSQL type DSQL supports, through the JSON mapping (Debezium's PostgreSQL connector defaults). */
class TypeMappingTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @BeforeAll
  static void createTable() {
    pg.execute("""
        CREATE TABLE all_types (
          id int PRIMARY KEY, c_smallint smallint, c_int integer, c_bigint bigint, c_real real,
          c_double double precision, c_numeric numeric(10,3), c_numeric_free numeric, c_char char(3),
          c_varchar varchar(10), c_text text, c_bool boolean, c_bytea bytea, c_uuid uuid, c_json json, c_jsonb jsonb,
          c_date date, c_time time, c_time3 time(3), c_timetz timetz, c_timestamp timestamp, c_timestamp3 timestamp(3),
          c_timestamptz timestamptz, c_interval interval, c_int_array integer[], c_text_array text[],
          updated_at timestamptz NOT NULL DEFAULT now())""",
        """
        INSERT INTO all_types VALUES (1, 7, 42, 9007199254740993, 1.5, 2.25, 12345.678, 0.1, 'ab', 'hello',
          'world', true, '\\x0102ff', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": 1}', '{"b": [1, 2]}',
          '2024-02-29', '13:14:15.123456', '13:14:15.123', '13:14:15.5+02', '2024-02-29 13:14:15.123456',
          '2024-02-29 13:14:15.123', '2024-02-29 13:14:15.123456+02', '1 day 02:03:04.5', '{1,2,3}', '{a,b}')""",
        "INSERT INTO all_types (id) VALUES (2)");
  }

  private Map<Integer, Event> capture(String prefix, String format) throws Exception {
    try (CapturePipeline pipeline = fixture.start(fixture.yaml(prefix, "[{name: all_types, cursor: updated_at}]",
        "{}", format))) {
      List<Event> events = fixture.events(kafka.drain(prefix + ".public.all_types", 2, Duration.ofSeconds(60)));
      return events.stream().collect(Collectors.toMap(e -> e.row().get("id").asInt(), e -> e));
    }
  }

  @Test
  void everyTypeMapsToDebeziumsJsonValue() throws Exception {
    Map<Integer, Event> events = capture("types", "{}");
    JsonNode row = events.get(1).row();
    assertThat(row.get("c_smallint").asInt()).isEqualTo(7);
    assertThat(row.get("c_int").asInt()).isEqualTo(42);
    assertThat(row.get("c_bigint").asLong()).isEqualTo(9007199254740993L);
    assertThat(row.get("c_real").asDouble()).isEqualTo(1.5);
    assertThat(row.get("c_double").asDouble()).isEqualTo(2.25);
    assertThat(row.get("c_numeric").asText()).isEqualTo("12345.678");
    assertThat(row.get("c_numeric_free").asText()).isEqualTo("0.1");
    assertThat(row.get("c_char").asText()).isEqualTo("ab ");
    assertThat(row.get("c_varchar").asText()).isEqualTo("hello");
    assertThat(row.get("c_text").asText()).isEqualTo("world");
    assertThat(row.get("c_bool").asBoolean()).isTrue();
    assertThat(Base64.getDecoder().decode(row.get("c_bytea").asText())).containsExactly(1, 2, 0xff);
    assertThat(row.get("c_uuid").asText()).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    assertThat(row.get("c_json").asText()).isEqualTo("{\"a\": 1}");
    assertThat(row.get("c_jsonb").asText()).isEqualTo("{\"b\": [1, 2]}");
    assertThat(row.get("c_date").asInt()).isEqualTo(LocalDate.of(2024, 2, 29).toEpochDay());
    assertThat(row.get("c_time").asLong()).isEqualTo(((13 * 60 + 14) * 60 + 15) * 1_000_000L + 123_456);
    assertThat(row.get("c_time3").asLong()).isEqualTo(((13 * 60 + 14) * 60 + 15) * 1_000L + 123);
    assertThat(row.get("c_timetz").asText()).isEqualTo("11:14:15.5Z");
    long micros = LocalDateTime.of(2024, 2, 29, 13, 14, 15).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    assertThat(row.get("c_timestamp").asLong()).isEqualTo(micros + 123_456);
    assertThat(row.get("c_timestamp3").asLong()).isEqualTo(micros / 1000 + 123);
    assertThat(row.get("c_timestamptz").asText()).isEqualTo("2024-02-29T11:14:15.123456Z");
    assertThat(row.get("c_interval").asLong()).isEqualTo(86_400_000_000L + 7_384_500_000L);
    assertThat(ints(row.get("c_int_array"))).containsExactly(1, 2, 3);
    assertThat(row.get("c_text_array").toString()).isEqualTo("[\"a\",\"b\"]");
    JsonNode nulls = events.get(2).row();
    assertThat(nulls.properties()).filteredOn(e -> !e.getKey().equals("id") && !e.getKey().equals("updated_at"))
        .allSatisfy(e -> assertThat(e.getValue().isNull()).as(e.getKey()).isTrue());
  }

  @Test
  void withSchemasColumnsCarrySemanticNamesAndSourceTypes() throws Exception {
    Map<Integer, Event> events = capture("typeschemas", "{schemas: true, decimalHandling: precise}");
    JsonNode value = events.get(1).value();
    Map<String, JsonNode> fields = StreamSupport.stream(value.at("/schema/fields/1/fields").spliterator(), false)
        .collect(Collectors.toMap(f -> f.get("field").asText(), f -> f));
    assertThat(fields.get("c_numeric").get("name").asText()).isEqualTo("org.apache.kafka.connect.data.Decimal");
    assertThat(fields.get("c_numeric").at("/parameters/scale").asText()).isEqualTo("3");
    assertThat(fields.get("c_numeric_free").get("name").asText()).isEqualTo("io.debezium.data.VariableScaleDecimal");
    assertThat(fields.get("c_timestamptz").get("name").asText()).isEqualTo("io.debezium.time.ZonedTimestamp");
    assertThat(fields.get("c_timestamp").get("name").asText()).isEqualTo("io.debezium.time.MicroTimestamp");
    assertThat(fields.get("c_timestamp3").get("name").asText()).isEqualTo("io.debezium.time.Timestamp");
    assertThat(fields.get("c_date").get("name").asText()).isEqualTo("io.debezium.time.Date");
    assertThat(fields.get("c_time").get("name").asText()).isEqualTo("io.debezium.time.MicroTime");
    assertThat(fields.get("c_time3").get("name").asText()).isEqualTo("io.debezium.time.Time");
    assertThat(fields.get("c_timetz").get("name").asText()).isEqualTo("io.debezium.time.ZonedTime");
    assertThat(fields.get("c_interval").get("name").asText()).isEqualTo("io.debezium.time.MicroDuration");
    assertThat(fields.get("c_uuid").get("name").asText()).isEqualTo("io.debezium.data.Uuid");
    assertThat(fields.get("c_jsonb").get("name").asText()).isEqualTo("io.debezium.data.Json");
    assertThat(fields.get("c_jsonb").at("/parameters/__debezium.source.column.type").asText()).isEqualTo("JSONB");
    assertThat(fields.get("c_varchar").at("/parameters/__debezium.source.column.length").asText()).isEqualTo("10");
    assertThat(fields.get("c_bytea").get("type").asText()).isEqualTo("bytes");
    assertThat(fields.get("c_int_array").get("type").asText()).isEqualTo("array");
    assertThat(fields.get("c_int_array").at("/items/type").asText()).isEqualTo("int32");
    JsonNode row = value.at("/payload/after");
    assertThat(new BigInteger(Base64.getDecoder().decode(row.get("c_numeric").asText()))).isEqualTo(12_345_678);
    assertThat(row.at("/c_numeric_free/scale").asInt()).isEqualTo(1);
    assertThat(new BigInteger(Base64.getDecoder().decode(row.at("/c_numeric_free/value").asText()))).isEqualTo(1);
  }

  @Test
  void decimalHandlingDoubleWritesNumbers() throws Exception {
    JsonNode row = capture("typedouble", "{decimalHandling: double}").get(1).row();
    assertThat(row.get("c_numeric").isNumber()).isTrue();
    assertThat(row.get("c_numeric").asDouble()).isEqualTo(12345.678);
  }

  private static List<Integer> ints(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asInt).toList();
  }
}
