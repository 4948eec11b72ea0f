package io.dsqlcdc.capture.changestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dsqlcdc.api.spec.DecimalHandling;
import io.dsqlcdc.api.spec.TableSpec;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.event.TableReader;
import io.dsqlcdc.capture.source.SchemaChangedException;
import io.dsqlcdc.capture.source.SchemaReader;
import io.dsqlcdc.capture.source.TableProblemException;
import io.dsqlcdc.capture.source.TableSchema;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The row a change stream record converts to equals the row poll mode reads from JDBC, column by column, for every
 * type the capture supports; the record is the JSON the DSQL user guide documents for the row as inserted.
 */
class RowConverterTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();

  private static final long COMMIT_NS = 1_709_212_455_123_456_789L;

  @BeforeAll
  static void createTables() {
    pg.execute("DROP TABLE IF EXISTS stream_conv_types", "DROP TABLE IF EXISTS stream_conv_keys",
        """
        CREATE TABLE stream_conv_types (
          id int PRIMARY KEY, c_smallint smallint, c_int integer, c_bigint bigint, c_real real,
          c_double double precision, c_real_nan real, c_double_inf double precision, c_numeric numeric(10,3),
          c_numeric_free numeric, c_char char(3), c_name name, c_qchar \"char\", c_varchar varchar(10),
          c_text text, c_bool boolean, c_bytea bytea,
          c_uuid uuid, c_json json, c_jsonb jsonb, c_date date, c_time time, c_time3 time(3), c_timetz timetz,
          c_timestamp timestamp, c_timestamp3 timestamp(3), c_timestamptz timestamptz, c_interval interval,
          c_interval_months interval, c_int_array integer[], c_text_array text[],
          updated_at timestamptz NOT NULL DEFAULT '2024-02-29 11:14:15.123456+00')""",
        """
        INSERT INTO stream_conv_types VALUES (1, 7, 42, 9007199254740993, 1.5, 2.25, 'NaN', '-Infinity', 12345.678,
          0.1, 'ab', 'pg_class', 'A', 'hello', 'world', true, '\\x0102ff', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
          '{"a": 1}',          '{"b": [1, 2]}', '2024-02-29', '13:14:15.123456', '13:14:15.123', '13:14:15.5+02',
          '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.123', '2024-02-29 13:14:15.123456+02',
          '1 day 02:03:04.5', '1 mon 2 days 00:00:03', '{1,2,3}', '{a,NULL}')""",
        "INSERT INTO stream_conv_types (id) VALUES (2)",
        """
        CREATE TABLE stream_conv_keys (
          k_int2 smallint, k_int8 bigint, k_numeric numeric(8,2), k_text text, k_char char(4), k_uuid uuid,
          k_bool boolean, k_date date, k_time time, k_timestamp timestamp, k_timestamptz timestamptz, k_bytea bytea,
          note text, updated_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (k_int2, k_int8, k_numeric, k_text, k_char, k_uuid, k_bool, k_date, k_time, k_timestamp,
                       k_timestamptz, k_bytea))""",
        """
        INSERT INTO stream_conv_keys VALUES (-3, 9007199254740993, 10.50, 'a b', 'xy',
          'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', false, '1999-12-31', '08:00:00.25', '2024-02-29 13:14:15',
          '2024-02-29 13:14:15.000001+02', '\\x00ff', 'n')""");
  }

  private static long micros(LocalDateTime t) {
    return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
  }

  private static long micros(LocalTime t) {
    return t.toNanoOfDay() / 1000;
  }

  /** Row 1 as DSQL sends it ("Data type serialization" in the DSQL user guide). */
  private static final String ROW_1 = """
      {"id": 1, "c_smallint": 7, "c_int": 42, "c_bigint": 9007199254740993, "c_real": 1.5, "c_double": 2.25,
       "c_real_nan": "NaN", "c_double_inf": "-Infinity", "c_numeric": "12345.678", "c_numeric_free": "0.1",
       "c_char": "ab", "c_name": "pg_class", "c_qchar": "A", "c_varchar": "hello", "c_text": "world",
       "c_bool": true, "c_bytea": "AQL/",
       "c_uuid": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "c_json": "{\\"a\\": 1}", "c_jsonb": "{\\"b\\": [1, 2]}",
       "c_date": %d, "c_time": %d, "c_time3": %d, "c_timetz": %d, "c_timestamp": %d, "c_timestamp3": %d,
       "c_timestamptz": %d, "c_interval": %d, "c_interval_months": 2802603000000, "c_int_array": [1, 2, 3],
       "c_text_array": ["a", null], "updated_at": %d}""".formatted(
      LocalDate.of(2024, 2, 29).toEpochDay(),
      micros(LocalTime.of(13, 14, 15, 123_456_000)),
      micros(LocalTime.of(13, 14, 15, 123_000_000)),
      micros(LocalTime.of(11, 14, 15, 500_000_000)),
      micros(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000)),
      micros(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_000_000)),
      micros(LocalDateTime.of(2024, 2, 29, 11, 14, 15, 123_456_000)),
      (86_400L + 2 * 3600 + 3 * 60 + 4) * 1_000_000L + 500_000,
      micros(LocalDateTime.of(2024, 2, 29, 11, 14, 15, 123_456_000)));

  private static TableSchema schema(String table) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(pg.superuserDataSource());
    config.setAutoCommit(false);
    try (HikariDataSource source = new HikariDataSource(config)) {
      return new SchemaReader(source).read(new TableSpec(table, "updated_at"));
    }
  }

  private static SourceRow jdbcRow(TableSchema schema, DecimalHandling decimals, String where) throws Exception {
    TableReader reader = new TableReader(schema, decimals);
    try (Connection c = pg.superuserDataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(reader.selectFrom() + " WHERE " + where)) {
      return reader.readAll(rs, 1).get(0);
    }
  }

  private static CdcRecord record(String op, String before, String after) {
    String json = StreamRecords.full(op, before, after, COMMIT_NS, "txa").replace("order_items", "x");
    return (CdcRecord) new CdcRecordParser().parse(new ShardRecord("s1", "1", Instant.EPOCH,
        json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Same Java type, and the same JSON as the event writes it (byte arrays as Base64, structs as objects). */
  private static void assertSameValues(TableSchema schema, SourceRow expected, SourceRow actual) throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < schema.columns().size(); i++) {
      Object e = expected.values()[i];
      Object a = actual.values()[i];
      assertThat(json.writeValueAsString(a)).as("column %s", schema.columns().get(i).name())
          .isEqualTo(json.writeValueAsString(e));
      assertThat(type(a)).as("type of column %s", schema.columns().get(i).name()).isEqualTo(type(e));
    }
  }

  private static String type(Object v) {
    return v == null ? "null" : v.getClass().getName();
  }

  @ParameterizedTest
  @EnumSource(DecimalHandling.class)
  void everyTypeConvertsToTheValueJdbcReads(DecimalHandling decimals) throws Exception {
    TableSchema schema = schema("stream_conv_types");
    SourceRow stream = new RowConverter(schema, decimals).row(record("c", "null", ROW_1));
    assertSameValues(schema, jdbcRow(schema, decimals, "id = 1"), stream);
  }

  @Test
  void explicitNullsAreNull() throws Exception {
    TableSchema schema = schema("stream_conv_types");
    StringBuilder after = new StringBuilder("{\"id\": 2");
    schema.columns().stream().skip(1).forEach(c -> after.append(", \"").append(c.name()).append("\": null"));
    after.setLength(after.length() - "null".length());
    after.append(LocalDateTime.of(2024, 2, 29, 11, 14, 15, 123_456_000).toEpochSecond(ZoneOffset.UTC) * 1_000_000L
        + 123_456).append('}');
    SourceRow stream = new RowConverter(schema, DecimalHandling.STRING).row(record("c", "null", after.toString()));
    assertSameValues(schema, jdbcRow(schema, DecimalHandling.STRING, "id = 2"), stream);
  }

  @Test
  void columnsAbsentFromTheImageAreNull() throws Exception {
    TableSchema schema = schema("stream_conv_types");
    String after = "{\"id\": 2, \"updated_at\": "
        + micros(LocalDateTime.of(2024, 2, 29, 11, 14, 15, 123_456_000)) + "}";
    SourceRow stream = new RowConverter(schema, DecimalHandling.STRING).row(record("u", "null", after));
    assertSameValues(schema, jdbcRow(schema, DecimalHandling.STRING, "id = 2"), stream);
  }

  @Test
  void keyTextsAreThoseTableReaderCasts() throws Exception {
    TableSchema schema = schema("stream_conv_keys");
    String after = """
        {"k_int2": -3, "k_int8": 9007199254740993, "k_numeric": "10.50", "k_text": "a b", "k_char": "xy",
         "k_uuid": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "k_bool": false, "k_date": %d, "k_time": %d,
         "k_timestamp": %d, "k_timestamptz": %d, "k_bytea": "AP8=", "note": "n", "updated_at": 0}""".formatted(
        LocalDate.of(1999, 12, 31).toEpochDay(), micros(LocalTime.of(8, 0, 0, 250_000_000)),
        micros(LocalDateTime.of(2024, 2, 29, 13, 14, 15)), micros(LocalDateTime.of(2024, 2, 29, 11, 14, 15, 1000)));
    SourceRow stream = new RowConverter(schema, DecimalHandling.STRING).row(record("c", "null", after));
    SourceRow jdbc = jdbcRow(schema, DecimalHandling.STRING, "note = 'n'");
    assertThat(stream.keyValues()).isEqualTo(jdbc.keyValues());
    assertThat(stream.keyText()).isEqualTo(jdbc.keyText());
  }

  @Test
  void aDeleteHoldsTheKeyColumnsOnly() throws Exception {
    TableSchema schema = schema("stream_conv_types");
    SourceRow row = new RowConverter(schema, DecimalHandling.STRING).row(record("d", "{\"id\": 1}", "null"));
    assertThat(row.deleted()).isTrue();
    assertThat(row.keyValues()).containsExactly("1");
    assertThat(row.values()[0]).isEqualTo(1);
    assertThat(java.util.Arrays.copyOfRange(row.values(), 1, row.values().length)).containsOnlyNulls();
  }

  @Test
  void theCursorIsTheCommitTimeInMicroseconds() throws Exception {
    SourceRow row = new RowConverter(schema("stream_conv_types"), DecimalHandling.STRING)
        .row(record("c", "null", "{\"id\": 3}"));
    assertThat(row.cursorMicros()).isEqualTo(COMMIT_NS / 1000);
    assertThat(row.deleted()).isFalse();
  }

  @Test
  void aColumnTheSchemaLacksIsASchemaChange() throws Exception {
    RowConverter converter = new RowConverter(schema("stream_conv_types"), DecimalHandling.STRING);
    assertThatThrownBy(() -> converter.row(record("c", "null", "{\"id\": 3, \"c_new\": 1}")))
        .isInstanceOf(SchemaChangedException.class)
        .hasMessageContaining("has column c_new, which the table's known schema lacks");
  }

  @Test
  void aValueOfTheWrongKindNamesColumnAndTable() throws Exception {
    RowConverter converter = new RowConverter(schema("stream_conv_types"), DecimalHandling.STRING);
    assertThatThrownBy(() -> converter.row(record("c", "null", "{\"id\": 3, \"c_date\": \"2024-02-29\"}")))
        .isInstanceOf(CdcRecordException.class)
        .hasMessage("column c_date (date) of table public.stream_conv_types holds \"2024-02-29\" in the change "
            + "stream, not an integer");
  }

  @Test
  void aRecordWithoutItsKeyIsAnError() throws Exception {
    RowConverter converter = new RowConverter(schema("stream_conv_types"), DecimalHandling.STRING);
    assertThatThrownBy(() -> converter.row(record("c", "null", "{\"c_int\": 3}")))
        .isInstanceOf(CdcRecordException.class)
        .hasMessage("the change stream record of table public.stream_conv_types committed at " + COMMIT_NS
            + " ns (txId txa) has no value for key column id");
  }

  @Test
  void aDeleteWithoutBeforeIsAnError() throws Exception {
    RowConverter converter = new RowConverter(schema("stream_conv_types"), DecimalHandling.STRING);
    assertThatThrownBy(() -> converter.row(record("d", "null", "null")))
        .isInstanceOf(CdcRecordException.class)
        .hasMessage("the change stream record of table public.stream_conv_types committed at " + COMMIT_NS
            + " ns (txId txa, op d) has no before image");
  }

  @Test
  void aColumnTypeTheCaptureDoesNotSupportIsATableProblem() throws Exception {
    pg.execute("DROP TABLE IF EXISTS stream_conv_oid", "CREATE TABLE stream_conv_oid (id int PRIMARY KEY, o oid, "
        + "updated_at timestamptz)");
    TableSchema schema = schema("stream_conv_oid");
    assertThatThrownBy(() -> new RowConverter(schema, DecimalHandling.STRING))
        .isInstanceOf(TableProblemException.class)
        .hasMessageStartingWith("column o of table public.stream_conv_oid has type oid, which the capture does not "
            + "support");
  }

  @Test
  void aKeyTypeWithoutAStreamTextIsATableProblem() throws Exception {
    pg.execute("DROP TABLE IF EXISTS stream_conv_float_key",
        "CREATE TABLE stream_conv_float_key (k double precision PRIMARY KEY, updated_at timestamptz)");
    TableSchema schema = schema("stream_conv_float_key");
    assertThatThrownBy(() -> new RowConverter(schema, DecimalHandling.STRING))
        .isInstanceOf(TableProblemException.class)
        .hasMessage("key column k of table public.stream_conv_float_key has type float8, which stream mode cannot "
            + "key on");
  }

  @Test
  void numericNanIsKeptAsTextOrADouble() throws Exception {
    TableSchema schema = schema("stream_conv_types");
    String after = "{\"id\": 4, \"c_numeric_free\": \"NaN\"}";
    int column = schema.columns().indexOf(schema.columns().stream()
        .filter(c -> c.name().equals("c_numeric_free")).findFirst().orElseThrow());
    assertThat(new RowConverter(schema, DecimalHandling.STRING).row(record("c", "null", after)).values()[column])
        .isEqualTo("NaN");
    assertThat(new RowConverter(schema, DecimalHandling.DOUBLE).row(record("c", "null", after)).values()[column])
        .isEqualTo(Double.NaN);
    assertThatThrownBy(() -> new RowConverter(schema, DecimalHandling.PRECISE).row(record("c", "null", after)))
        .isInstanceOf(CdcRecordException.class).hasMessageContaining("holds NaN");
  }
}
