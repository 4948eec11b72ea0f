package io.dsqlcdc.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.sandbox.CapturedEvents.Event;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.Callable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system on one machine, driven the way a user drives it: a pipeline resource applied to the API, the
 * operator's Deployment run by the local pod runner, rows written to PostgreSQL, events read from Kafka with
 * read_committed, the resource's status read back.
 */
class EndToEndTest {
  static final Duration REOBSERVE = Duration.ofSeconds(2);
  static final Duration WAIT = Duration.ofSeconds(120);
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static Sandbox sandbox;

  @BeforeAll
  static void startSandbox() {
    sandbox = Sandbox.start(REOBSERVE);
  }

  @AfterAll
  static void stopSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /** A schema of its own per test, with tables t1..tN of {@code rows} rows each, readable by the capture role. */
  static void createTables(String schema, int tables, int rows) {
    sandbox.postgres().execute("CREATE SCHEMA " + schema, "GRANT USAGE ON SCHEMA " + schema + " TO "
        + sandbox.postgres().captureUser());
    for (int t = 1; t <= tables; t++) {
      createTable(schema, "t" + t, rows);
    }
  }

  static void createTable(String schema, String table, int rows) {
    String name = schema + "." + table;
    sandbox.postgres().execute(
        "CREATE TABLE " + name + " (id bigint PRIMARY KEY, payload text NOT NULL,"
            + " updated_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz)",
        "INSERT INTO " + name + " (id, payload, updated_at) SELECT i, 'row ' || i,"
            + " now() - interval '1 hour' + i * interval '1 millisecond' FROM generate_series(1, " + rows + ") i",
        "GRANT SELECT ON " + name + " TO " + sandbox.postgres().captureUser());
  }

  static ObjectNode pipeline(String namespace, String schema, int tables) throws Exception {
    StringBuilder list = new StringBuilder();
    for (int t = 1; t <= tables; t++) {
      list.append("    - {name: ").append(schema).append(".t").append(t)
          .append(", cursor: updated_at, softDelete: {column: deleted_at}}\n");
    }
    return (ObjectNode) YAML.readTree("""
        apiVersion: dsqlcdc.io/v1alpha1
        kind: DsqlCdcPipeline
        metadata: {name: %s, namespace: %s}
        spec:
          source:
            endpoints: [localhost]
            user: %s
            auth: {type: password, passwordSecret: {name: sandbox-postgres, key: password}}
            tls: {mode: verify-full}
          tables:
        %s
          capture: {pollInterval: 200ms, maxPollInterval: 1s, maxTransactionDuration: 10s, batchSize: 2000}
          sink:
            bootstrapServers: localhost:9092
            topicPrefix: %s
            authentication:
              type: plain
              usernameSecret: {name: sandbox-kafka, key: username}
              passwordSecret: {name: sandbox-kafka, key: password}
        """.formatted(namespace, namespace, sandbox.postgres().captureUser(), list, namespace));
  }

  static DsqlCdcPipeline current(String namespace) {
    return sandbox.pipeline(namespace, namespace);
  }

  static Optional<Condition> condition(String namespace, String type) {
    DsqlCdcPipeline p = current(namespace);
    return p == null || p.getStatus() == null ? Optional.empty()
        : p.getStatus().conditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static boolean conditionIs(String namespace, String type, String status) {
    return condition(namespace, type).map(c -> status.equals(c.getStatus())).orElse(false);
  }

  static boolean streamingAndReady(String namespace) {
    DsqlCdcPipeline p = current(namespace);
    return p != null && p.getStatus() != null && p.getStatus().phase() == io.dsqlcdc.api.status.Phase.Streaming
        && conditionIs(namespace, "Ready", "True")
        && p.getMetadata().getGeneration().equals(p.getStatus().observedGeneration());
  }

  /** No (table, key, cursor position) twice: exactly once. */
  static void assertNoDuplicates(Collection<Event> events) {
    Map<String, Long> counts = events.stream()
        .collect(Collectors.groupingBy(e -> e.topic() + "|" + e.key() + "|" + e.sequence(), Collectors.counting()));
    assertThat(counts).allSatisfy((version, count) -> assertThat(count).as(version).isEqualTo(1L));
  }

  /** The last event of each key matches the table now: the row, or a delete for a soft-deleted row. */
  static void assertTopicMatchesTable(List<Event> events, String topic, String table) {
    Map<String, Event> latest = events.stream().filter(e -> e.topic().equals(topic))
        .collect(Collectors.toMap(Event::key, Function.identity(), (a, b) -> b));
    long live = sandbox.postgres().queryForLong("SELECT count(*) FROM " + table + " WHERE deleted_at IS NULL");
    long deleted = sandbox.postgres().queryForLong("SELECT count(*) FROM " + table + " WHERE deleted_at IS NOT NULL");
    assertThat(latest.values().stream().filter(e -> !e.op().equals("d")).count()).as(topic + " live keys").isEqualTo(live);
    assertThat(latest.values().stream().filter(e -> e.op().equals("d")).count()).as(topic + " deleted keys").isEqualTo(deleted);
  }

  static long rowsCaptured(String namespace, String table) {
    return current(namespace).getStatus().tables().stream().filter(t -> t.name().equals(table))
        .map(TableStatus::rowsCaptured).findFirst().orElse(-1L);
  }

  /**
   * Awaits a condition of the pipeline in {@code namespace}; on time-out the failure shows the resource's status and
   * the runtime pod's last log lines, as {@code kubectl describe} and {@code kubectl logs} would.
   */
  static void until(String namespace, Callable<Boolean> condition) {
    try {
      await().atMost(WAIT).until(condition);
    } catch (ConditionTimeoutException e) {
      DsqlCdcPipeline p = current(namespace);
      throw new AssertionError(e.getMessage() + "\nstatus: " + (p == null ? "(no pipeline)" : p.getStatus())
          + "\npod log:\n  " + String.join("\n  ", sandbox.pods().logTail(namespace, namespace, 25)), e);
    }
  }

  /** Tables t1..tN of {@code rows} rows in {@code schema}, a pipeline for them, and a consumer of its topics. */
  static CapturedEvents startPipeline(String namespace, String schema, int tables, int rows) throws Exception {
    createTables(schema, tables, rows);
    sandbox.apply(pipeline(namespace, schema, tables));
    return new CapturedEvents(sandbox.kafkaClientProperties(), namespace);
  }

  /** Awaits at least {@code count} events and a pipeline that streams and is Ready for its current generation. */
  static void awaitEvents(String namespace, CapturedEvents captured, int count) {
    until(namespace, () -> captured.poll().size() >= count && streamingAndReady(namespace));
  }

  static long pid(String namespace) {
    return sandbox.pods().pid(namespace, namespace).orElse(-1L);
  }

  static void insertRows(String table, long fromId, int count) {
    sandbox.postgres().execute("INSERT INTO " + table + " (id, payload) SELECT i, 'new ' || i FROM generate_series("
        + fromId + ", " + (fromId + count - 1) + ") i");
  }

  @Test
  void everyRowVersionArrivesExactlyOnceAndStatusCountsThem() throws Exception {
    String ns = "e2e-load";
    String schema = "load";
    try (CapturedEvents captured = startPipeline(ns, schema, 3, 10_000)) {
      until(ns, () -> captured.poll().size() >= 30_000);
      // live load: new keys, one update of each of some old keys, soft deletes of other old keys
      for (int i = 0; i < 200; i++) {
        String table = schema + ".t" + (i % 3 + 1);
        sandbox.postgres().execute(
            "INSERT INTO " + table + " (id, payload) VALUES (" + (100_000 + i) + ", 'live " + i + "')",
            "UPDATE " + table + " SET payload = 'updated', updated_at = now() WHERE id = " + (i + 1),
            "UPDATE " + table + " SET deleted_at = now(), updated_at = now() WHERE id = " + (5_000 + i));
      }
      // 30,000 snapshot + 200 inserts + 200 updates + 200 deletes
      awaitEvents(ns, captured, 30_600);
      List<Event> events = captured.poll();
      assertThat(events).hasSize(30_600);
      assertNoDuplicates(events);
      assertThat(events.stream().filter(e -> e.op().equals("r")).count()).isEqualTo(30_000);
      assertThat(events.stream().filter(e -> e.op().equals("c")).count()).isEqualTo(200);
      assertThat(events.stream().filter(e -> e.op().equals("u")).count()).isEqualTo(200);
      assertThat(events.stream().filter(e -> e.op().equals("d")).count()).isEqualTo(200);
      assertThat(captured.tombstones()).isEqualTo(200);
      for (int t = 1; t <= 3; t++) {
        String table = schema + ".t" + t;
        String topic = ns + "." + table;
        assertTopicMatchesTable(events, topic, table);
        long consumed = events.stream().filter(e -> e.topic().equals(topic)).count();
        await().atMost(WAIT).untilAsserted(() -> assertThat(rowsCaptured(ns, table)).isEqualTo(consumed));
      }
    } finally {
      sandbox.delete(ns, ns);
    }
  }

  @Test
  void addingATableRollsThePodSnapshotsItAndResumesTheOthersWithoutRepeats() throws Exception {
    String ns = "e2e-edit";
    String schema = "edit";
    try (CapturedEvents captured = startPipeline(ns, schema, 2, 1_000)) {
      awaitEvents(ns, captured, 2_000);
      long firstPod = pid(ns);
      createTable(schema, "t3", 1_000);
      sandbox.apply(pipeline(ns, schema, 3));
      until(ns, () -> pid(ns) > 0 && pid(ns) != firstPod);
      insertRows(schema + ".t1", 50_000, 10);
      awaitEvents(ns, captured, 3_010);
      List<Event> events = captured.poll();
      assertThat(events).hasSize(3_010);
      assertNoDuplicates(events);
      assertThat(events.stream().filter(e -> e.op().equals("r")).collect(
          Collectors.groupingBy(e -> e.topic().substring(ns.length() + 1), Collectors.counting())))
          .containsExactlyInAnyOrderEntriesOf(Map.of(schema + ".t1", 1_000L, schema + ".t2", 1_000L, schema + ".t3", 1_000L));
      assertThat(events.stream().filter(e -> e.op().equals("c")).count()).isEqualTo(10);
    } finally {
      sandbox.delete(ns, ns);
    }
  }

  @Test
  void aKilledRuntimeIsRestartedAndResumesWithoutLossOrDuplicates() throws Exception {
    String ns = "e2e-kill";
    String schema = "kill";
    String table = schema + ".t1";
    try (CapturedEvents captured = startPipeline(ns, schema, 1, 2_000)) {
      awaitEvents(ns, captured, 2_000);
      long firstPod = pid(ns);
      Instant killedAt = Instant.now();
      for (int batch = 0; batch < 30; batch++) {
        insertRows(table, 10_000 + batch * 10L, 10);
        if (batch == 10) {
          ProcessHandle.of(firstPod).orElseThrow().destroyForcibly();
        }
      }
      until(ns, () -> sandbox.pods().restarts(ns, ns) == 1 && pid(ns) != firstPod);
      // the status shows the restart: the runtime now reporting started after the kill
      until(ns, () -> captured.poll().size() >= 2_300 && streamingAndReady(ns)
          && Optional.ofNullable(current(ns).getStatus().runtimeStartedAt()).map(Instant::parse)
              .map(started -> started.isAfter(killedAt)).orElse(false));
      List<Event> events = captured.poll();
      assertThat(events).hasSize(2_300);
      assertNoDuplicates(events);
      assertTopicMatchesTable(events, ns + "." + table, table);
    } finally {
      sandbox.delete(ns, ns);
    }
  }

  @Test
  void aSourceOutageIsReportedAndCaptureCatchesUpWhenItEnds() throws Exception {
    String ns = "e2e-outage";
    String schema = "outage";
    String table = schema + ".t1";
    try (CapturedEvents captured = startPipeline(ns, schema, 1, 500)) {
      awaitEvents(ns, captured, 500);
      sandbox.sourceProxy().refuse();
      sandbox.sourceProxy().cut();
      try {
        insertRows(table, 10_000, 50);
        until(ns, () -> conditionIs(ns, "SourceConnected", "False") && conditionIs(ns, "Ready", "False"));
        assertThat(condition(ns, "Ready").orElseThrow().getReason()).isEqualTo("SourceNotConnected");
        assertThat(condition(ns, "SourceConnected").orElseThrow().getMessage()).isNotBlank();
      } finally {
        sandbox.sourceProxy().resume();
      }
      awaitEvents(ns, captured, 550);
      List<Event> events = captured.poll();
      assertThat(events).hasSize(550);
      assertNoDuplicates(events);
    } finally {
      sandbox.delete(ns, ns);
    }
  }

  @Test
  void aWrongKafkaPasswordIsReportedAndFixingTheSecretRollsThePodAndDataFlows() throws Exception {
    String ns = "e2e-kafka-auth";
    String schema = "kafkaauth";
    String table = schema + ".t1";
    try (CapturedEvents captured = startPipeline(ns, schema, 1, 100)) {
      awaitEvents(ns, captured, 100);
      long firstPod = pid(ns);
      sandbox.writeSecret(ns, Sandbox.KAFKA_SECRET, Map.of("username", Sandbox.KAFKA_USER, "password", "wrong"));
      until(ns, () -> pid(ns) > 0 && pid(ns) != firstPod);
      until(ns, () -> conditionIs(ns, "SinkConnected", "False")
          && "AuthenticationFailed".equals(condition(ns, "SinkConnected").orElseThrow().getReason()));
      assertThat(condition(ns, "SinkConnected").orElseThrow().getMessage()).contains("authentication failed")
          .contains("spec.sink.authentication").doesNotContain("wrong");
      assertThat(condition(ns, "Ready").orElseThrow().getStatus()).isEqualTo("False");
      long secondPod = pid(ns);
      sandbox.writeSecret(ns, Sandbox.KAFKA_SECRET,
          Map.of("username", Sandbox.KAFKA_USER, "password", sandbox.kafkaPassword()));
      until(ns, () -> pid(ns) > 0 && pid(ns) != secondPod);
      insertRows(table, 10_000, 20);
      awaitEvents(ns, captured, 120);
      assertNoDuplicates(captured.poll());
      assertThat(captured.poll()).hasSize(120);
    } finally {
      sandbox.delete(ns, ns);
    }
  }
}
