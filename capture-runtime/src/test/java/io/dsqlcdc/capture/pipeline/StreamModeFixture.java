package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.event.RecordHeaders;
import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.kinesis.DsqlStreamSimulator;
import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

/**
 * Stream-mode pipelines over a table {@code (id int PRIMARY KEY, v text)}: their config, the simulator writing the
 * table's changes into kinesis-local, and the checks of what a topic holds against PostgreSQL.
 */
final class StreamModeFixture {
  private final PostgresExtension pg;
  private final KafkaExtension kafka;
  private final KinesisLocal kinesis;
  private final PipelineFixture fixture;

  StreamModeFixture(PostgresExtension pg, KafkaExtension kafka, KinesisLocal kinesis) {
    this.pg = pg;
    this.kafka = kafka;
    this.kinesis = kinesis;
    this.fixture = new PipelineFixture(pg, kafka);
  }

  /**
   * A grace window of 5 s: kinesis-local on a loaded 2-core CI machine made records readable more than a second
   * after it stamped their arrival, so the default 2 s lost a few intermediate versions as stale there.
   */
  String yaml(String prefix, String table, String stream, String capture) {
    return yaml(prefix, table, stream, capture, "graceWindow: 5s, ");
  }

  /** @param changeStream more fields of {@code source.changeStream}, each followed by a comma */
  String yaml(String prefix, String table, String stream, String capture, String changeStream) {
    return yaml(prefix, List.of(table), stream, capture, changeStream);
  }

  /** Several tables of schema public, relayed from one stream. */
  String yaml(String prefix, List<String> tables, String stream, String capture) {
    return yaml(prefix, tables, stream, capture, "graceWindow: 5s, ");
  }

  private String yaml(String prefix, List<String> tables, String stream, String capture, String changeStream) {
    String source = ("source:\n  changeStream: {%skinesisStreamArn: '%s', endpoint: '%s', startPosition: "
        + "trimHorizon}\n").formatted(changeStream, kinesis.streamArn(stream), kinesis.endpoint());
    String list = tables.stream().map(t -> "{name: public." + t + "}").collect(Collectors.joining(", ", "[", "]"));
    return fixture.yaml(prefix, list, capture, "{}").replace("source:\n", source);
  }

  /** A child runtime's environment: the source's password, and the emulator's keys for the default chain. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>(fixture.env());
    env.put("AWS_ACCESS_KEY_ID", kinesis.credentials().accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", kinesis.credentials().secretAccessKey());
    return env;
  }

  DsqlStreamSimulator.Builder simulator(String stream) {
    return DsqlStreamSimulator.builder(pg.superuserDataSource(), kinesis.client(), stream);
  }

  static Map<String, Object> row(Object... pairs) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put((String) pairs[i], pairs[i + 1]);
    }
    return row;
  }

  /**
   * Inserts, updates and deletes over {@code keys} keys, one transaction each, each valid for the table's rows as
   * they are.
   */
  void randomChanges(DsqlStreamSimulator dsql, String table, int changes, int keys, long seed) throws Exception {
    Random random = new Random(seed);
    Map<Integer, Boolean> live = new HashMap<>();
    tableRows(table).keySet().forEach(id -> live.put(id, true));
    for (int i = 0; i < changes; i++) {
      int id = random.nextInt(keys);
      int version = i;
      boolean exists = live.getOrDefault(id, false);
      if (!exists) {
        dsql.transaction(tx -> tx.insert(table, row("id", id, "v", "v" + version)));
        live.put(id, true);
      } else if (random.nextInt(5) == 0) {
        dsql.transaction(tx -> tx.delete(table, row("id", id)));
        live.put(id, false);
      } else {
        dsql.transaction(tx -> tx.update(table, row("id", id), row("v", "v" + version)));
      }
    }
    dsql.flush();
  }

  /** The table's rows as consumers rebuild them from the events: key id to column v, deleted keys absent. */
  static Map<Integer, String> replay(List<Event> events) {
    Map<Integer, String> rows = new HashMap<>();
    for (Event e : events) {
      int id = e.key().get("id").asInt();
      switch (e.op()) {
        case "c", "u", "r" -> rows.put(id, e.row().get("v").asText());
        case "d", "tombstone" -> rows.remove(id);
        default -> throw new AssertionError("op " + e.op());
      }
    }
    return rows;
  }

  Map<Integer, String> tableRows(String table) throws Exception {
    Map<Integer, String> rows = new HashMap<>();
    try (Connection c = pg.superuserDataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT id, v FROM " + table)) {
      while (rs.next()) {
        rows.put(rs.getInt(1), rs.getString(2));
      }
    }
    return rows;
  }

  /** Every key's events have strictly increasing commit times (the cursor header, µs), so none repeats. */
  static void assertOrderedPerKeyWithoutDuplicates(List<ConsumerRecord<String, String>> records) {
    Map<String, Long> last = new HashMap<>();
    for (ConsumerRecord<String, String> r : records) {
      if (r.value() == null) {
        continue;
      }
      long cursor = Long.parseLong(new String(r.headers().lastHeader(RecordHeaders.CURSOR).value(),
          StandardCharsets.UTF_8));
      Long before = last.put(r.key(), cursor);
      assertThat(before == null || before < cursor).as("key %s: %s after %s", r.key(), cursor, before).isTrue();
    }
  }

  /** The topic's committed records once the rows they rebuild equal the table's. */
  List<ConsumerRecord<String, String>> awaitTableState(String topic, String table) {
    return Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
        .until(() -> kafka.readCommitted(topic),
            records -> replay(fixture.events(records)).equals(tableRowsUnchecked(table)));
  }

  private Map<Integer, String> tableRowsUnchecked(String table) {
    try {
      return tableRows(table);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
