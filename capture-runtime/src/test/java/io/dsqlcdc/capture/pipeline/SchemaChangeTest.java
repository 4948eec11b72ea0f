package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsqlcdc.api.status.TableReasons;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.capture.event.RecordHeaders;
import io.dsqlcdc.testsupport.connect.JdbcSinkWorker;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Tables whose columns change while the pipeline streams them (issue 16's acceptance). */
class SchemaChangeTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  private static final String FAST = "{pollInterval: 100ms, maxPollInterval: 500ms, maxTransactionDuration: 10s}";

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @TempDir
  Path dir;

  /**
   * A round of writes for a {@link RoundLoad} every 20 ms, 500 row versions a second: five new rows and updates of
   * five existing ones; from round {@code alterAt} on, after {@code ADD COLUMN note text} in that round, each with
   * {@code note} set. One connection for all rounds.
   */
  private static final class Writes implements RoundLoad.Round, AutoCloseable {
    private final String table;
    private final long alterAt;
    private final Connection connection;

    Writes(String table, long alterAt) throws SQLException {
      this.table = table;
      this.alterAt = alterAt;
      this.connection = pg.superuserDataSource().getConnection();
    }

    RoundLoad start() {
      return RoundLoad.every(Duration.ofMillis(20), this);
    }

    @Override
    public void run(long n) throws SQLException {
      long id = 1_000_000 + n * 5;
      String ids = "(" + ((n * 5) % 2000 + 1) + ", " + ((n * 5 + 1) % 2000 + 1) + ", " + ((n * 5 + 2) % 2000 + 1)
          + ", " + ((n * 5 + 3) % 2000 + 1) + ", " + ((n * 5 + 4) % 2000 + 1) + ")";
      boolean noted = n >= alterAt;
      try (Statement statement = connection.createStatement()) {
        if (n == alterAt) {
          statement.execute("ALTER TABLE " + table + " ADD COLUMN note text");
        }
        statement.execute("INSERT INTO " + table + " (id, payload" + (noted ? ", note" : "") + ") SELECT g, 'new'"
            + (noted ? ", 'n' || g" : "") + " FROM generate_series(" + id + ", " + (id + 4) + ") g");
        statement.execute("UPDATE " + table + " SET payload = 'update " + n + "'"
            + (noted ? ", note = 'u " + n + "'" : "") + ", updated_at = now() WHERE id IN " + ids);
      }
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  @Test
  void anAddedColumnIsInEveryEventAfterTheChangeWithItsValueAndTheJdbcSinkEndsEqual() throws Exception {
    String table = "added";
    String topic = "added.public.added";
    createLoadTable(table);
    long alterAt = 150;
    long rounds = 300;
    PostgresExtension.Database target = pg.createDatabase("added_sink");
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("added", "[{name: added, cursor: updated_at}]",
        FAST, "{schemas: true}"));
         JdbcSinkWorker sink = JdbcSinkWorker.start(kafka.bootstrapServers(), List.of(topic),
             new JdbcSinkWorker.Target(target.jdbcUrl(), target.user(), target.password()),
             Map.of("collection.name.format", table))) {
      long started = System.nanoTime();
      try (Writes writes = new Writes(table, alterAt); RoundLoad load = writes.start()) {
        await().atMost(Duration.ofSeconds(120)).until(() -> load.rounds() >= rounds);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      Map<Long, Long> current = currentVersions(table);
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
          .until(() -> missing(current, kafka.readCommitted(topic)).isEmpty());
      List<ConsumerRecord<String, String>> records = kafka.readCommitted(topic);

      int withNote = 0;
      int afterChange = 0;
      for (ConsumerRecord<String, String> r : records) {
        JsonNode after = fixture.events(List.of(r)).get(0).row();
        long version = schemaVersion(r);
        assertThat(after.has("note")).as("note in an event of schema version %d: %s", version, after)
            .isEqualTo(version == 2);
        withNote += after.has("note") ? 1 : 0;
        String payload = after.get("payload").asText();
        long id = after.get("id").asLong();
        boolean writtenAfter = payload.startsWith("update ") ? Long.parseLong(payload.substring(7)) >= alterAt
            : id >= 1_000_000 + alterAt * 5;
        if (writtenAfter) {
          afterChange++;
          String expected = payload.startsWith("update ") ? "u " + payload.substring(7) : "n" + id;
          assertThat(after.path("note").asText(null)).as("note of %s", after).isEqualTo(expected);
        }
      }
      int duplicates = duplicates(records);
      assertThat(duplicates).isZero();
      assertThat(afterChange).isPositive();
      JsonNode lastSchema = fixture.events(List.of(records.get(records.size() - 1))).get(0).value().get("schema");
      assertThat(lastSchema.toString()).contains("\"field\":\"note\"");
      TableStatus status = pipeline.status().status().tables().get(0);
      assertThat(status.schemaVersion()).isEqualTo(2);
      assertThat(status.lastSchemaChange()).isEqualTo("added note text");
      assertThat(status.schemaChangedAt()).isNotNull();
      assertThat(pipeline.metrics().count("dsqlcdc.table.schema.changes", "kind", "added")).isEqualTo(1);

      sink.awaitCaughtUp(Duration.ofSeconds(120));
      Set<String> source = rows(pg.superuserDataSource(), table);
      Set<String> copied = rows(target.dataSource(), table);
      assertThat(copied).isEqualTo(source);
      System.out.printf("FIGURE schema added: %d row versions written at %.0f/s (%d rounds), ADD COLUMN at round %d;"
              + " %d events, %d with note, %d of versions written after the change all with the right note;"
              + " lost %d, duplicated %d; JDBC sink: %d rows equal to the source's (%d records applied)%n",
          rounds * 10, rounds * 10 / seconds, rounds, alterAt, records.size(), withNote, afterChange,
          missing(current, records).size(), duplicates, copied.size(), sink.recordsWritten());
    }
  }

  @Test
  void droppingAPlainColumnKeepsTheTableStreamingWithoutTheField() throws Exception {
    streamAcrossChange("plain_drop", "legacy text", "{schemas: true}", "(id, legacy) VALUES (1, 'old')",
        List.of("ALTER TABLE plain_drop DROP COLUMN legacy", "INSERT INTO plain_drop (id) VALUES (2)"),
        (pipeline, records) -> {
          assertThat(row(records.get(0)).get("legacy").asText()).isEqualTo("old");
          assertThat(row(records.get(1)).has("legacy")).isFalse();
          assertThat(records.get(1).value()).doesNotContain("\"field\":\"legacy\"");
          assertThat(schemaVersion(records.get(1))).isEqualTo(2);
          TableStatus status = pipeline.status().status().tables().get(0);
          assertThat(status.state()).isEqualTo(TableState.Streaming);
          assertThat(status.lastSchemaChange()).isEqualTo("dropped legacy");
          assertThat(pipeline.metrics().count("dsqlcdc.table.schema.changes", "kind", "dropped")).isEqualTo(1);
          assertThat(pipeline.metrics().count("dsqlcdc.errors")).isZero();
        });
  }

  @Test
  void droppingTheCursorColumnFailsThatTableNamingTheColumnWhileTheOthersFlow() throws Exception {
    pg.execute("CREATE TABLE cursor_drop (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE TABLE cursor_other (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())");
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("cursor_drop",
        "[{name: cursor_drop, cursor: updated_at}, {name: cursor_other, cursor: updated_at}]", FAST, "{}"))) {
      pg.execute("ALTER TABLE cursor_drop DROP COLUMN updated_at");
      TableStatus failed = await().atMost(Duration.ofSeconds(30))
          .until(() -> table(pipeline, "public.cursor_drop"), t -> t.state() == TableState.Failed);
      assertThat(failed.reason()).isEqualTo(TableReasons.DEPENDENT_COLUMN_DROPPED);
      assertThat(failed.lastError()).contains("cursor column updated_at", "public.cursor_drop", "dropped");

      pg.execute("INSERT INTO cursor_other (id) VALUES (1)");
      awaitEvents("cursor_drop.public.cursor_other", 1);
      assertThat(table(pipeline, "public.cursor_other").state()).isEqualTo(TableState.Streaming);
      assertThat(table(pipeline, "public.cursor_drop").reason()).isEqualTo(TableReasons.DEPENDENT_COLUMN_DROPPED);
      System.out.printf("FIGURE schema cursor dropped: %s -> %s%n", failed.reason(), failed.lastError());
    }
  }

  @Test
  void renamingAColumnGivesTheFieldItsNewName() throws Exception {
    streamAcrossChange("renamed", "name text", "{}", "(id, name) VALUES (1, 'one')",
        List.of("ALTER TABLE renamed RENAME COLUMN name TO title", "INSERT INTO renamed (id, title) VALUES (2, 'two')"),
        (pipeline, records) -> {
          assertThat(row(records.get(1)).get("title").asText()).isEqualTo("two");
          assertThat(row(records.get(1)).has("name")).isFalse();
          assertThat(pipeline.status().status().tables().get(0).lastSchemaChange())
              .isEqualTo("renamed name to title");
          assertThat(pipeline.metrics().count("dsqlcdc.table.schema.changes", "kind", "renamed")).isEqualTo(1);
        });
  }

  @Test
  void compatibleWideningsCarryTheNewTypesInTheNextEvent() throws Exception {
    streamAcrossChange("widened", "qty int, label varchar(10)", "{schemas: true}",
        "(id, qty, label) VALUES (1, 1, 'short')",
        List.of("ALTER TABLE widened ALTER COLUMN qty TYPE bigint, ALTER COLUMN label TYPE varchar(100)",
            "INSERT INTO widened (id, qty, label) VALUES (2, 5000000000, '" + "x".repeat(60) + "')"),
        (pipeline, records) -> {
          JsonNode before = afterSchema(records.get(0));
          JsonNode after = afterSchema(records.get(1));
          assertThat(before.get("qty").get("type").asText()).isEqualTo("int32");
          assertThat(after.get("qty").get("type").asText()).isEqualTo("int64");
          assertThat(before.at("/label/parameters/__debezium.source.column.length").asText()).isEqualTo("10");
          assertThat(after.at("/label/parameters/__debezium.source.column.length").asText()).isEqualTo("100");
          assertThat(row(records.get(1)).get("qty").asLong()).isEqualTo(5_000_000_000L);
          assertThat(pipeline.status().status().tables().get(0).lastSchemaChange())
              .isEqualTo("widened qty int4 to int8; widened label varchar(10) to varchar(100)");
          assertThat(pipeline.metrics().count("dsqlcdc.table.schema.changes", "kind", "type_widened")).isEqualTo(2);
        });
  }

  @Test
  void anIncompatibleTypeChangeGoesOutWithTheNextEventAndIsReportedOnce() throws Exception {
    streamAcrossChange("retyped", "code int", "{schemas: true}", "(id, code) VALUES (1, 7)",
        List.of("ALTER TABLE retyped ALTER COLUMN code TYPE text", "INSERT INTO retyped (id, code) VALUES (2, 'A-7')"),
        (pipeline, records) -> {
          pg.execute("INSERT INTO retyped (id, code) VALUES (3, 'B-8')");
          awaitEvents("retyped.public.retyped", 3);
          assertThat(afterSchema(records.get(1)).get("code").get("type").asText()).isEqualTo("string");
          assertThat(row(records.get(1)).get("code").asText()).isEqualTo("A-7");
          TableStatus status = pipeline.status().status().tables().get(0);
          assertThat(status.state()).isEqualTo(TableState.Streaming);
          assertThat(status.lastSchemaChange()).isEqualTo("changed code int4 to text (incompatible)");
          assertThat(pipeline.metrics().count("dsqlcdc.table.schema.changes", "kind", "type_incompatible"))
              .isEqualTo(1);
        });
  }

  @Test
  void aChangedPrimaryKeyFailsTheTableWithTheReason() throws Exception {
    pg.execute("CREATE TABLE rekeyed (id int PRIMARY KEY, tenant int NOT NULL DEFAULT 0,"
        + " updated_at timestamptz NOT NULL DEFAULT now())");
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("rekeyed",
        "[{name: rekeyed, cursor: updated_at}]", FAST, "{}"))) {
      pg.execute("ALTER TABLE rekeyed DROP CONSTRAINT rekeyed_pkey, ADD PRIMARY KEY (tenant, id)",
          "INSERT INTO rekeyed (id) VALUES (1)");
      TableStatus failed = await().atMost(Duration.ofSeconds(30))
          .until(() -> table(pipeline, "public.rekeyed"), t -> t.state() == TableState.Failed);
      assertThat(failed.reason()).isEqualTo(TableReasons.PRIMARY_KEY_CHANGED);
      assertThat(failed.lastError()).contains("from (id) to (tenant, id)", "spec.tables[].key: [id]");
    }
  }

  @Test
  void theWindowSweepAcrossASchemaChangeReEmitsNothing() throws Exception {
    pg.execute("CREATE TABLE swept (id int PRIMARY KEY, payload varchar(20), updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE INDEX swept_cursor ON swept (updated_at, id)");
    String topic = "swept.public.swept";
    // a 60 s window, every slice compared once a second: every row below stays in it for the whole test
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("swept", "[{name: swept, cursor: updated_at}]",
        "{pollInterval: 100ms, maxPollInterval: 500ms, maxTransactionDuration: 60s}", "{}"))) {
      pg.execute("INSERT INTO swept (id, payload) SELECT g, 'row' FROM generate_series(1, 1000) g");
      awaitEvents(topic, 1000);
      pg.execute("ALTER TABLE swept ADD COLUMN note text", "ALTER TABLE swept ALTER COLUMN payload TYPE text",
          "INSERT INTO swept (id, note) VALUES (1001, 'after')");
      awaitEvents(topic, 1001);
      double digests = pipeline.metrics().count("dsqlcdc.window.queries", "kind", "digest");
      double slices = pipeline.metrics().count("dsqlcdc.window.queries", "kind", "slice");
      await().atMost(Duration.ofSeconds(30))
          .until(() -> pipeline.metrics().count("dsqlcdc.window.queries", "kind", "digest") >= digests + 3);

      List<ConsumerRecord<String, String>> records = kafka.readCommitted(topic);
      assertThat(records).hasSize(1001);
      assertThat(duplicates(records)).isZero();
      double slicesAfter = pipeline.metrics().count("dsqlcdc.window.queries", "kind", "slice") - slices;
      assertThat(slicesAfter).as("slices read again after the change").isZero();
      System.out.printf("FIGURE schema window: 1000 rows in the window, ADD COLUMN + ALTER TYPE, %.0f digest queries"
              + " after: %d events (0 re-emitted), %.0f slices read again%n",
          pipeline.metrics().count("dsqlcdc.window.queries", "kind", "digest") - digests, records.size(), slicesAfter);
    }
  }

  @Test
  void killedRightAfterAnAddedColumnTheRestartedRuntimeLosesNothingDuplicatesNothingAndUsesTheNewShape()
      throws Exception {
    String table = "killed";
    String topic = "killed.public.killed";
    createLoadTable(table);
    Path config = Files.writeString(dir.resolve("pipeline.yaml"), fixture.yaml("killed",
        "[{name: killed, cursor: updated_at}]", FAST, "{}"));
    Path log = dir.resolve("runtime.log");
    Path state = dir.resolve("state");
    long alterAt = 150;
    long rounds = 400;
    try (Writes writes = new Writes(table, alterAt)) {
      RoundLoad load;
      try (RuntimeProcess first = RuntimeProcess.start(config, state, fixture.env(), log)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> "Streaming".equals(first.status() == null ? null
            : first.status().at("/tables/0/state").asText(null)));
        load = writes.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.rounds() > alterAt);
        first.kill();
      }
      // the load goes on while the runtime is down and restarts
      try (load; RuntimeProcess restarted = RuntimeProcess.start(config, state, fixture.env(), log)) {
        await().atMost(Duration.ofSeconds(120)).until(() -> load.rounds() >= rounds);
        load.close();
        Map<Long, Long> current = currentVersions(table);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
            .until(() -> missing(current, kafka.readCommitted(topic)).isEmpty());
        pg.execute("INSERT INTO killed (id, payload, note) VALUES (1, 'after restart', 'restarted')"
            + " ON CONFLICT (id) DO UPDATE SET payload = 'after restart', note = 'restarted', updated_at = now()");
        List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(60))
            .until(() -> kafka.readCommitted(topic), r -> r.stream().anyMatch(e -> e.value().contains("restarted")));
        JsonNode status = restarted.status();
        assertThat(status.at("/tables/0/schemaVersion").asLong()).isEqualTo(2);

        ConsumerRecord<String, String> last = records.stream().filter(e -> e.value().contains("restarted"))
            .findFirst().orElseThrow();
        assertThat(row(last).get("note").asText()).isEqualTo("restarted");
        assertThat(schemaVersion(last)).isEqualTo(2);
        int wrongNote = 0;
        int afterChange = 0;
        for (ConsumerRecord<String, String> r : records) {
          JsonNode after = row(r);
          String payload = after.get("payload").asText();
          long id = after.get("id").asLong();
          boolean writtenAfter = payload.startsWith("update ") ? Long.parseLong(payload.substring(7)) >= alterAt
              : id >= 1_000_000 + alterAt * 5;
          if (writtenAfter && !payload.equals("after restart")) {
            afterChange++;
            String expected = payload.startsWith("update ") ? "u " + payload.substring(7) : "n" + id;
            wrongNote += expected.equals(after.path("note").asText(null)) ? 0 : 1;
          }
        }
        int duplicates = duplicates(records);
        int lost = missing(current, records).size();
        System.out.printf("FIGURE schema SIGKILL: %d events, %d of versions written after ADD COLUMN, %d with a"
                + " wrong or missing note; lost %d, duplicated %d; schema version after restart %d%n", records.size(),
            afterChange, wrongNote, lost, duplicates, status.at("/tables/0/schemaVersion").asLong());
        assertThat(duplicates).isZero();
        assertThat(lost).isZero();
        assertThat(wrongNote).isZero();
        assertThat(restarted.terminate()).isZero();
      }
    }
  }

  /** What a test checks once the events of a change arrived. */
  private interface Check {
    void verify(CapturePipeline pipeline, List<ConsumerRecord<String, String>> records) throws Exception;
  }

  /**
   * Creates {@code table} (id, {@code columns}, updated_at) and streams it with the sink format {@code format};
   * inserts a first row and awaits its event, runs the {@code change} (DDL, then a row written after it), awaits the
   * second event and checks both.
   */
  private void streamAcrossChange(String table, String columns, String format, String firstRow, List<String> change,
                                  Check check) throws Exception {
    pg.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, " + columns
        + ", updated_at timestamptz NOT NULL DEFAULT now())");
    String topic = table + ".public." + table;
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml(table,
        "[{name: " + table + ", cursor: updated_at}]", FAST, format))) {
      pg.execute("INSERT INTO " + table + " " + firstRow);
      awaitEvents(topic, 1);
      pg.execute(change.toArray(String[]::new));
      check.verify(pipeline, awaitEvents(topic, 2));
    }
  }

  private static void createLoadTable(String table) {
    pg.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, payload text,"
            + " updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE INDEX " + table + "_cursor ON " + table + " (updated_at, id)",
        "INSERT INTO " + table + " SELECT g, 'old', now() - interval '1 hour' FROM generate_series(1, 2000) g");
  }

  private List<ConsumerRecord<String, String>> awaitEvents(String topic, int count) {
    return fixture.awaitRecords(topic, count);
  }

  private JsonNode row(ConsumerRecord<String, String> record) {
    return fixture.events(List.of(record)).get(0).row();
  }

  /** The {@code after} struct's field schemas by column name. */
  private JsonNode afterSchema(ConsumerRecord<String, String> record) {
    JsonNode fields = fixture.events(List.of(record)).get(0).value().get("schema").get("fields");
    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode envelopeField : fields) {
      if (envelopeField.get("field").asText().equals("after")) {
        envelopeField.get("fields").forEach(f -> byName.put(f.get("field").asText(), f));
      }
    }
    return PipelineFixture.JSON.valueToTree(byName);
  }

  private static long schemaVersion(ConsumerRecord<String, String> record) {
    Header header = record.headers().lastHeader(RecordHeaders.SCHEMA_VERSION);
    return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
  }

  private static TableStatus table(CapturePipeline pipeline, String name) {
    return pipeline.status().status().tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  /** Row versions (key @ cursor) that appear more than once. */
  private int duplicates(List<ConsumerRecord<String, String>> records) {
    Set<String> versions = new HashSet<>();
    int duplicates = 0;
    for (ConsumerRecord<String, String> r : records) {
      if (r.value() != null && !versions.add(r.key() + "@" + new String(
          r.headers().lastHeader(RecordHeaders.CURSOR).value(), StandardCharsets.UTF_8))) {
        duplicates++;
      }
    }
    return duplicates;
  }

  /** Current (id -> cursor µs) of every row. */
  private static Map<Long, Long> currentVersions(String table) throws SQLException {
    Map<Long, Long> out = new HashMap<>();
    try (Connection c = pg.superuserDataSource().getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id, CAST(EXTRACT(EPOCH FROM updated_at) * 1000000 AS bigint) FROM "
             + table)) {
      while (rs.next()) {
        out.put(rs.getLong(1), rs.getLong(2));
      }
    }
    return out;
  }

  /** Ids whose current version is not among the events. */
  private static Set<Long> missing(Map<Long, Long> current, List<ConsumerRecord<String, String>> records) {
    Set<String> seen = new HashSet<>();
    for (ConsumerRecord<String, String> r : records) {
      if (r.value() != null) {
        seen.add(new String(r.headers().lastHeader(RecordHeaders.KEY).value(), StandardCharsets.UTF_8) + "@"
            + new String(r.headers().lastHeader(RecordHeaders.CURSOR).value(), StandardCharsets.UTF_8));
      }
    }
    Set<Long> missing = new TreeSet<>();
    current.forEach((id, cursor) -> {
      if (!seen.contains(id + "@" + cursor)) {
        missing.add(id);
      }
    });
    return missing;
  }

  /** id|payload|note of every row. */
  private static Set<String> rows(DataSource dataSource, String table) throws SQLException {
    Set<String> rows = new HashSet<>();
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id, payload, note FROM " + table)) {
      while (rs.next()) {
        rows.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
      }
    }
    return rows;
  }
}
