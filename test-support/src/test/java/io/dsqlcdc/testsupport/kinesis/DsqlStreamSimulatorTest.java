package io.dsqlcdc.testsupport.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DsqlStreamSimulatorTest {
  @RegisterExtension
  static final PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static final KinesisLocal kinesis = KinesisLocal.perClass();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A fresh table and stream for one test; returns the stream name. */
  private static String fixture(String name, int shards, String columns) {
    pg.execute("DROP TABLE IF EXISTS " + name, "CREATE TABLE " + name + " (" + columns + ")");
    kinesis.createStream(name, shards);
    return name;
  }

  private static DsqlStreamSimulator.Builder simulator(String stream) {
    return DsqlStreamSimulator.builder(pg.superuserDataSource(), kinesis.client(), stream);
  }

  private static List<JsonNode> read(String stream) {
    return kinesis.records(stream).stream().map(record -> parse(record.text())).toList();
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> row(Object... pairs) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put((String) pairs[i], pairs[i + 1]);
    }
    return row;
  }

  @Test
  void aTransactionPublishesOneRecordPerChangedKeyWithItsNetOp() {
    String stream = fixture("compaction", 2, "id int PRIMARY KEY, v text");
    pg.execute("INSERT INTO compaction VALUES (3, 'old'), (4, 'gone')");
    DsqlStreamSimulator.Commit commit;
    try (DsqlStreamSimulator dsql = simulator(stream).build()) {
      commit = dsql.transaction(tx -> {
        tx.insert("compaction", row("id", 1, "v", "a"));
        tx.update("compaction", row("id", 1), row("v", "b"));
        tx.insert("compaction", row("id", 2, "v", "short-lived"));
        tx.delete("compaction", row("id", 2));
        tx.update("compaction", row("id", 3), row("v", "new"));
        tx.delete("compaction", row("id", 4));
      });
      dsql.flush();
    }

    List<JsonNode> records = read(stream);
    assertThat(records).hasSize(3);
    Map<String, JsonNode> byOp = records.stream().collect(Collectors.toMap(r -> r.get("op").asText(), r -> r));
    assertThat(byOp.get("c").get("after").toString()).isEqualTo("{\"id\":1,\"v\":\"b\"}");
    assertThat(byOp.get("c").get("before").isNull()).isTrue();
    assertThat(byOp.get("u").get("after").toString()).isEqualTo("{\"id\":3,\"v\":\"new\"}");
    assertThat(byOp.get("d").get("before").toString()).isEqualTo("{\"id\":4}");
    assertThat(byOp.get("d").get("after").isNull()).isTrue();
    for (JsonNode record : records) {
      assertThat(record.get("type").asText()).isEqualTo("full");
      JsonNode source = record.get("source");
      assertThat(source.get("version").asText()).isEqualTo("1.0");
      assertThat(source.get("ts_ns").asLong()).isEqualTo(commit.tsNs());
      assertThat(source.get("ts_ms").asLong()).isEqualTo(commit.tsNs() / 1_000_000);
      assertThat(source.get("txId").asText()).isEqualTo(commit.txId()).matches("[a-z2-7]{26}");
      assertThat(source.get("schema").asText()).isEqualTo("public");
      assertThat(source.get("table").asText()).isEqualTo("compaction");
      assertThat(source.get("db").asText()).isEqualTo("postgres");
      assertThat(record.get("ts_ns").asLong()).isGreaterThanOrEqualTo(commit.tsNs());
      assertThat(record.get("ts_ms").asLong()).isEqualTo(record.get("ts_ns").asLong() / 1_000_000);
    }
    assertThat(records.get(0).fieldNames()).toIterable()
        .containsExactly("type", "op", "before", "after", "source", "ts_ms", "ts_ns");
  }

  @Test
  void columnValuesAreSerializedAsTheGuideDocuments() {
    String stream = fixture("types", 1, "id int PRIMARY KEY, s smallint, b bigint, n numeric(10,2), nn numeric, "
        + "r real, d double precision, f boolean, t text, c char(5), y bytea, dt date, tm time, tz timetz, "
        + "ts timestamp, tstz timestamptz, iv interval, u uuid, j json, jb jsonb, missing text");
    UUID uuid = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    try (DsqlStreamSimulator dsql = simulator(stream).build()) {
      dsql.transaction(tx -> tx.insert("types", row("id", 1, "s", 42, "b", 9223372036854775807L, "n", "29.99",
          "nn", "NaN", "r", "Infinity", "d", 3.141592653589793, "f", true, "t", "Hello, \"world\"!", "c", "ABC",
          "y", "Hello World!".getBytes(StandardCharsets.UTF_8), "dt", "2024-03-15", "tm", "14:30:00.123456",
          "tz", "14:30:00+02", "ts", "2024-03-15 14:30:00.123456", "tstz", "2024-03-15 14:30:00.123456+00",
          "iv", "1 mon 2 days 00:00:01.5", "u", uuid.toString(), "j", "{\"key\": \"value\"}",
          "jb", "{\"a\": 1}")));
      dsql.flush();
    }

    JsonNode after = read(stream).get(0).get("after");
    assertThat(after.get("s").isInt()).isTrue();
    assertThat(after.get("s").asInt()).isEqualTo(42);
    assertThat(after.get("b").asLong()).isEqualTo(9223372036854775807L);
    assertThat(after.get("n").textValue()).isEqualTo("29.99");
    assertThat(after.get("nn").textValue()).isEqualTo("NaN");
    assertThat(after.get("r").textValue()).isEqualTo("Infinity");
    assertThat(after.get("d").isNumber()).isTrue();
    assertThat(after.get("d").asDouble()).isEqualTo(3.141592653589793);
    assertThat(after.get("f").booleanValue()).isTrue();
    assertThat(after.get("t").textValue()).isEqualTo("Hello, \"world\"!");
    assertThat(after.get("c").textValue()).isEqualTo("ABC");
    assertThat(after.get("y").textValue()).isEqualTo("SGVsbG8gV29ybGQh");
    assertThat(after.get("dt").asLong()).isEqualTo(19797);
    assertThat(after.get("tm").asLong()).isEqualTo(52_200_123_456L);
    assertThat(after.get("tz").asLong()).isEqualTo(45_000_000_000L);
    assertThat(after.get("ts").asLong()).isEqualTo(1_710_513_000_123_456L);
    assertThat(after.get("tstz").asLong()).isEqualTo(1_710_513_000_123_456L);
    assertThat(after.get("iv").asLong()).isEqualTo((2_629_800L + 2 * 86_400L) * 1_000_000L + 1_500_000L);
    assertThat(after.get("u").textValue()).isEqualTo(uuid.toString());
    assertThat(after.get("j").textValue()).isEqualTo("{\"key\": \"value\"}");
    assertThat(after.get("jb").textValue()).isEqualTo("{\"a\": 1}");
    assertThat(after.has("missing")).isTrue();
    assertThat(after.get("missing").isNull()).isTrue();
  }

  @Test
  void serialColumnsAreSerializedAsNumbersLikeTheirIntegerTypes() {
    String stream = fixture("serials", 1, "id bigserial PRIMARY KEY, n serial, v text");
    try (DsqlStreamSimulator dsql = simulator(stream).build()) {
      dsql.transaction(tx -> tx.insert("serials", row("v", "x")));
      dsql.flush();
    }

    assertThat(read(stream).get(0).get("after").toString()).isEqualTo("{\"id\":1,\"n\":1,\"v\":\"x\"}");
  }

  @Test
  void omitNullColumnsLeavesNullColumnsOutOfAfter() {
    String stream = fixture("nulls", 1, "id int PRIMARY KEY, v text, w text");
    try (DsqlStreamSimulator dsql = simulator(stream).omitNullColumns(true).build()) {
      dsql.transaction(tx -> tx.insert("nulls", row("id", 1, "w", "x")));
      dsql.flush();
    }

    assertThat(read(stream).get(0).get("after").toString()).isEqualTo("{\"id\":1,\"w\":\"x\"}");
  }

  @Test
  void commitTimesStrictlyIncreaseInCommitOrderAcrossThreads() throws Exception {
    String stream = fixture("commit_order", 1, "id int PRIMARY KEY, v int");
    pg.execute("INSERT INTO commit_order VALUES (1, 0)");
    List<DsqlStreamSimulator.Commit> commits = java.util.Collections.synchronizedList(new ArrayList<>());
    try (DsqlStreamSimulator dsql = simulator(stream).build()) {
      List<Thread> threads = IntStream.range(0, 4).mapToObj(t -> new Thread(() -> {
        for (int i = 0; i < 10; i++) {
          commits.add(dsql.transaction(tx -> {
            Map<String, Object> current = tx.update("commit_order", row("id", 1), row("id", 1));
            tx.update("commit_order", row("id", 1), row("v", ((Number) current.get("v")).intValue() + 1));
          }));
        }
      })).toList();
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join();
      }
      dsql.flush();
    }

    List<JsonNode> records = read(stream);
    assertThat(records).hasSize(40);
    List<JsonNode> byCommitTime = records.stream()
        .sorted(Comparator.comparingLong(r -> r.get("source").get("ts_ns").asLong())).toList();
    assertThat(byCommitTime).extracting(r -> r.get("after").get("v").asInt())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 40).boxed().toList());
    assertThat(commits).extracting(DsqlStreamSimulator.Commit::tsNs).doesNotHaveDuplicates();
  }

  @Test
  void changingTheKeyIsADeleteOfTheOldKeyAndACreateOfTheNew() {
    String stream = fixture("rekey", 1, "id int PRIMARY KEY, v text");
    pg.execute("INSERT INTO rekey VALUES (1, 'a')");
    try (DsqlStreamSimulator dsql = simulator(stream).build()) {
      dsql.transaction(tx -> tx.update("rekey", row("id", 1), row("id", 2)));
      dsql.flush();
    }

    assertThat(read(stream)).extracting(r -> r.get("op").asText() + " " + r.get("before") + " " + r.get("after"))
        .containsExactlyInAnyOrder("d {\"id\":1} null", "c null {\"id\":2,\"v\":\"a\"}");
  }

  @Test
  void aFailingTransactionRollsBackAndPublishesNothing() {
    String stream = fixture("rollback", 1, "id int PRIMARY KEY");
    try (DsqlStreamSimulator dsql = simulator(stream).build()) {
      assertThatThrownBy(() -> dsql.transaction(tx -> {
        tx.insert("rollback", row("id", 1));
        throw new IllegalArgumentException("test failure");
      })).hasMessage("test failure");
      dsql.flush();
      assertThat(dsql.counters().changes()).isZero();
    }

    assertThat(pg.queryForLong("SELECT count(*) FROM rollback")).isZero();
    assertThat(kinesis.records(stream)).isEmpty();
  }

  @Test
  void duplicatesAndDelaysDeliverEveryChangeAtLeastOnceOutOfCommitOrder() {
    String stream = fixture("delivery", 4, "id int PRIMARY KEY, v int");
    DsqlStreamSimulator.Counters counters;
    try (DsqlStreamSimulator dsql = simulator(stream).duplicateFraction(0.3).maxDelay(Duration.ofMillis(300))
        .seed(7).build()) {
      for (int i = 0; i < 200; i++) {
        int id = i;
        dsql.transaction(tx -> tx.insert("delivery", row("id", id, "v", id)));
      }
      dsql.flush();
      counters = dsql.counters();
    }

    List<StoredRecord> stored = kinesis.records(stream);
    assertThat(counters.changes()).isEqualTo(200);
    assertThat(counters.duplicates()).isBetween(30L, 90L);
    assertThat(counters.recordsPut()).isEqualTo(200 + counters.duplicates());
    assertThat(stored).hasSize((int) counters.recordsPut());
    assertThat(stored.stream().map(StoredRecord::text).distinct()).hasSize(200);
    assertThat(stored.stream().map(StoredRecord::shardId).distinct()).hasSize(4);
    List<Long> commitTimesInArrivalOrder = stored.stream()
        .sorted(Comparator.comparing(StoredRecord::arrival).thenComparing(StoredRecord::shardId)
            .thenComparing(r -> new java.math.BigInteger(r.sequenceNumber())))
        .map(r -> parse(r.text()).get("source").get("ts_ns").asLong()).toList();
    assertThat(commitTimesInArrivalOrder).isNotEqualTo(commitTimesInArrivalOrder.stream().sorted().toList());
  }

  @Test
  void aRecordAboveTheThresholdIsChunkedIntoFragmentsThatReassembleToItsAfterImage() {
    String stream = fixture("large", 2, "id int PRIMARY KEY, body text");
    String body = "Grüße \"quoted\" \\ ✓ 𝄞 ".repeat(300);
    Map<String, Object> image;
    try (DsqlStreamSimulator dsql = simulator(stream).fragmentThreshold(1024).maxDelay(Duration.ofMillis(100))
        .build()) {
      image = dsql.transaction(tx -> tx.insert("large", row("id", 1, "body", body))).changes().get(0).after();
      dsql.flush();
      assertThat(dsql.counters().chunkedChanges()).isEqualTo(1);
    }

    List<StoredRecord> stored = kinesis.records(stream);
    assertThat(stored).allSatisfy(record -> assertThat(record.data().length).isLessThanOrEqualTo(1024));
    List<JsonNode> records = stored.stream().map(r -> parse(r.text())).toList();
    JsonNode main = records.stream().filter(r -> r.get("type").asText().equals("chunked")).findFirst().orElseThrow();
    assertThat(main.get("op").asText()).isEqualTo("c");
    assertThat(main.get("after").isNull()).isTrue();
    JsonNode reference = main.get("chunked").get("after");
    List<JsonNode> fragments = records.stream().filter(r -> r.get("type").asText().equals("fragment"))
        .sorted(Comparator.comparingInt(r -> r.get("index").asInt())).toList();
    assertThat(fragments).hasSize(reference.get("total_fragments").asInt()).hasSizeGreaterThan(5)
        .allSatisfy(f -> assertThat(f.get("chunk_id").asText()).isEqualTo(reference.get("chunk_id").asText()));
    assertThat(fragments).extracting(f -> f.get("index").asInt())
        .containsExactlyElementsOf(IntStream.range(0, fragments.size()).boxed().toList());
    String reassembled = fragments.stream().map(f -> f.get("data").textValue()).collect(Collectors.joining());
    CRC32C crc = new CRC32C();
    crc.update(reassembled.getBytes(StandardCharsets.UTF_8));
    assertThat(reference.get("crc32c").textValue()).isEqualTo(Long.toString(crc.getValue()));
    assertThat(parse(reassembled).get("body").textValue()).isEqualTo(body);
    assertThat(parse(reassembled).get("id").asInt()).isEqualTo(image.get("id"));
  }

  @Test
  void loseNextFragmentDropsOneFragmentOfTheNextChunkedRecordOnly() {
    String stream = fixture("lost", 1, "id int PRIMARY KEY, body text");
    try (DsqlStreamSimulator dsql = simulator(stream).fragmentThreshold(1024).build()) {
      dsql.loseNextFragment();
      dsql.transaction(tx -> tx.insert("lost", row("id", 1, "body", "x".repeat(5000))));
      dsql.transaction(tx -> tx.insert("lost", row("id", 2, "body", "y".repeat(5000))));
      dsql.flush();
      assertThat(dsql.counters().fragmentsLost()).isEqualTo(1);
    }

    List<JsonNode> records = read(stream);
    Map<String, Integer> expected = records.stream().filter(r -> r.get("type").asText().equals("chunked"))
        .collect(Collectors.toMap(r -> r.get("chunked").get("after").get("chunk_id").asText(),
            r -> r.get("chunked").get("after").get("total_fragments").asInt()));
    Map<String, Long> received = records.stream().filter(r -> r.get("type").asText().equals("fragment"))
        .collect(Collectors.groupingBy(r -> r.get("chunk_id").asText(), Collectors.counting()));
    assertThat(expected).hasSize(2);
    assertThat(expected.keySet()).allSatisfy(chunk -> assertThat(received.get(chunk)).isNotNull());
    assertThat(expected.entrySet().stream().filter(e -> received.get(e.getKey()) == e.getValue() - 1L)).hasSize(1);
    assertThat(expected.entrySet().stream().filter(e -> received.get(e.getKey()) == e.getValue().longValue()))
        .hasSize(1);
  }

  @Test
  void reshardingMidStreamKeepsEveryRecordReadableInParentAndChildShards() {
    String stream = fixture("reshard_sim", 2, "id int PRIMARY KEY");
    try (DsqlStreamSimulator dsql = simulator(stream).maxDelay(Duration.ofMillis(50)).build()) {
      for (int i = 0; i < 60; i++) {
        int id = i;
        dsql.transaction(tx -> tx.insert("reshard_sim", row("id", id)));
        if (i == 20) {
          dsql.splitShard();
        } else if (i == 40) {
          dsql.mergeShards();
        }
      }
      dsql.flush();
    }

    List<StoredRecord> stored = kinesis.records(stream);
    assertThat(stored).hasSize(60);
    assertThat(stored.stream().map(r -> parse(r.text()).get("after").get("id").asInt()).distinct()).hasSize(60);
    assertThat(stored.stream().map(StoredRecord::shardId).distinct().count()).isGreaterThan(2);
  }

  @Test
  void publishRawPutsTheDataAsOneMoreRecord() {
    String stream = fixture("raw", 1, "id int PRIMARY KEY");
    try (DsqlStreamSimulator dsql = simulator(stream).build()) {
      dsql.publishRaw("{\"type\":\"full\",\"op\":\"x\"}".getBytes(StandardCharsets.UTF_8));
      dsql.flush();
    }

    assertThat(kinesis.records(stream)).extracting(StoredRecord::text)
        .containsExactly("{\"type\":\"full\",\"op\":\"x\"}");
  }
}
