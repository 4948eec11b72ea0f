package io.dsqlcdc.capture.pipeline;

import static io.dsqlcdc.capture.pipeline.StreamModeFixture.assertOrderedPerKeyWithoutDuplicates;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.status.TableReasons;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.capture.offsets.OffsetCodec;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.kinesis.DsqlStreamSimulator;
import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stream mode, one table at a time: a table that cannot be relayed (it does not exist yet, or one of its records
 * cannot be converted) is reported in status while the other tables of the stream flow on, and nothing of it is lost
 * once it can be relayed again.
 */
class StreamTableIsolationTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();
  @RegisterExtension
  static KinesisLocal kinesis = KinesisLocal.perClass();
  @RegisterExtension
  static EmulatorKeys keys = new EmulatorKeys(kinesis);

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);
  private final StreamModeFixture stream = new StreamModeFixture(pg, kafka, kinesis);


  @Test
  void aMissingTableIsReportedWhileAnotherFlowsAndJoinsOnceCreatedWithNothingLost() throws Exception {
    pg.execute("CREATE TABLE present (id int PRIMARY KEY, v text)");
    kinesis.createStream("isolated", 2);
    String yaml = stream.yaml("iso", List.of("present", "latecomer"), "isolated", "{snapshot: initial}");
    try (DsqlStreamSimulator dsql = stream.simulator("isolated").duplicateFraction(0.1).seed(21).build();
         CapturePipeline pipeline = fixture.start(yaml)) {
      stream.randomChanges(dsql, "present", 300, 50, 1);
      stream.awaitTableState("iso.public.present", "present");
      TableStatus missing = table(pipeline, "public.latecomer");
      assertThat(missing.state()).isEqualTo(TableState.Failed);
      assertThat(missing.lastError()).contains("does not exist");

      pg.execute("CREATE TABLE latecomer (id int PRIMARY KEY, v text)");
      stream.randomChanges(dsql, "latecomer", 300, 50, 2);
      stream.randomChanges(dsql, "present", 300, 50, 3);
      stream.awaitTableState("iso.public.latecomer", "latecomer");
      stream.randomChanges(dsql, "latecomer", 200, 50, 4);
      stream.randomChanges(dsql, "present", 200, 50, 5);
      assertOrderedPerKeyWithoutDuplicates(stream.awaitTableState("iso.public.latecomer", "latecomer"));
      assertOrderedPerKeyWithoutDuplicates(stream.awaitTableState("iso.public.present", "present"));
      assertThat(table(pipeline, "public.latecomer").state()).isEqualTo(TableState.Streaming);
    }
  }

  @Test
  void aMissingTableWithoutASnapshotJoinsByReadingTheStreamAgainWithEveryChangeSinceItWasCreated() throws Exception {
    String yaml = twoTablesOneStream("rewind", "punctual", "tardy");
    pg.execute("DROP TABLE tardy");
    try (DsqlStreamSimulator dsql = stream.simulator("rewind").duplicateFraction(0.1).seed(24).build();
         CapturePipeline pipeline = fixture.start(yaml)) {
      stream.randomChanges(dsql, "punctual", 200, 40, 1);
      stream.awaitTableState("rewind.public.punctual", "punctual");
      assertThat(table(pipeline, "public.tardy").state()).isEqualTo(TableState.Failed);

      pg.execute("CREATE TABLE tardy (id int PRIMARY KEY, v text)");
      stream.randomChanges(dsql, "tardy", 300, 50, 2);
      stream.randomChanges(dsql, "punctual", 200, 40, 3);
      assertOrderedPerKeyWithoutDuplicates(stream.awaitTableState("rewind.public.tardy", "tardy"));
      assertOrderedPerKeyWithoutDuplicates(stream.awaitTableState("rewind.public.punctual", "punctual"));
      assertThat(fixture.events(kafka.readCommitted("rewind.public.tardy"))).extracting(PipelineFixture.Event::op)
          .as("relayed from the stream, no snapshot").doesNotContain("r");
    }
  }

  @Test
  void aTableWhoseRecordCannotBeConvertedIsReportedWhileAnotherFlowsAndASnapshotRequestRecoversIt()
      throws Exception {
    String yaml = twoTablesOneStream("spoil", "sound", "spoiled");
    Path state = Files.createTempDirectory("dsqlcdc-state");
    try (DsqlStreamSimulator dsql = stream.simulator("spoil").seed(22).build()) {
      try (CapturePipeline pipeline = fixture.start(yaml, state)) {
        stream.randomChanges(dsql, "sound", 100, 20, 1);
        stream.randomChanges(dsql, "spoiled", 100, 20, 2);
        stream.awaitTableState("spoil.public.spoiled", "spoiled");
        dsql.publishRaw(recordWithATextKey("spoiled"));
        dsql.flush();
        int gone = stream.tableRows("spoiled").keySet().iterator().next();
        dsql.transaction(tx -> tx.delete("spoiled", StreamModeFixture.row("id", gone)));
        stream.randomChanges(dsql, "spoiled", 100, 20, 3);
        stream.randomChanges(dsql, "sound", 300, 20, 4);
        stream.awaitTableState("spoil.public.sound", "sound");
        Awaitility.await().atMost(Duration.ofMinutes(1))
            .until(() -> table(pipeline, "public.spoiled").state() == TableState.Failed);
        TableStatus spoiled = table(pipeline, "public.spoiled");
        assertThat(spoiled.reason()).isEqualTo(TableReasons.STREAM_RECORD_INVALID);
        assertThat(spoiled.lastError()).contains("column id").contains("snapshotRequest");
        assertThat(table(pipeline, "public.sound").state()).isEqualTo(TableState.Streaming);
      }
      // what the status says to do: a new snapshot of the table, whose changes before it are then not needed
      String resnapshot = yaml + "snapshotRequest: {id: after-bad-record, tables: [public.spoiled]}\n";
      try (CapturePipeline pipeline = fixture.start(resnapshot, state)) {
        stream.randomChanges(dsql, "spoiled", 100, 20, 5);
        stream.randomChanges(dsql, "sound", 100, 20, 6);
        assertOrderedPerKeyWithoutDuplicates(stream.awaitTableState("spoil.public.sound", "sound"));
        // deletes while the table was not relayed (such as key `gone`'s) come from the snapshot: d for keys it lacks
        stream.awaitTableState("spoil.public.spoiled", "spoiled");
        assertThat(table(pipeline, "public.spoiled").state()).isEqualTo(TableState.Streaming);
      }
    }
  }

  @Test
  void aTableGivenUpStaysFailedWithStreamGapAcrossARestartWhileAnotherFlowsUntilASnapshotRequest() throws Exception {
    String yaml = twoTablesOneStream("lapse", "kept", "lapsed");
    Path state = Files.createTempDirectory("dsqlcdc-state");
    try (DsqlStreamSimulator dsql = stream.simulator("lapse").seed(23).build()) {
      try (CapturePipeline pipeline = fixture.start(yaml, state)) {
        stream.randomChanges(dsql, "kept", 100, 20, 1);
        stream.randomChanges(dsql, "lapsed", 100, 20, 2);
        stream.awaitTableState("lapse.public.kept", "kept");
        stream.awaitTableState("lapse.public.lapsed", "lapsed");
      }
      // what the relay commits when a failed table's records near the stream's retention: the table's gap
      String offsets = fixture.config(yaml).identity().offsetsTopic();
      Instant since = Instant.now().minus(Duration.ofHours(18)).truncatedTo(ChronoUnit.MILLIS);
      commitOffset(offsets, "public.lapsed", committedOffset(offsets, "public.lapsed").withStreamGap(
          since.toEpochMilli()));
      try (CapturePipeline pipeline = fixture.start(yaml, state)) {
        stream.randomChanges(dsql, "lapsed", 50, 20, 3);
        stream.randomChanges(dsql, "kept", 100, 20, 4);
        stream.awaitTableState("lapse.public.kept", "kept");
        TableStatus lapsed = table(pipeline, "public.lapsed");
        assertThat(lapsed.state()).isEqualTo(TableState.Failed);
        assertThat(lapsed.reason()).isEqualTo(TableReasons.STREAM_GAP);
        assertThat(lapsed.lastError()).contains(since.toString()).contains("snapshotRequest");
        assertThat(StreamModeFixture.replay(fixture.events(kafka.readCommitted("lapse.public.lapsed"))))
            .as("nothing relayed after the gap").isNotEqualTo(stream.tableRows("lapsed"));
      }
      String resnapshot = yaml + "snapshotRequest: {id: after-lapse, tables: [public.lapsed]}\n";
      try (CapturePipeline pipeline = fixture.start(resnapshot, state)) {
        stream.randomChanges(dsql, "lapsed", 50, 20, 5);
        stream.awaitTableState("lapse.public.lapsed", "lapsed");
        assertOrderedPerKeyWithoutDuplicates(stream.awaitTableState("lapse.public.kept", "kept"));
        assertThat(table(pipeline, "public.lapsed").state()).isEqualTo(TableState.Streaming);
      }
    }
  }

  private static TableOffset committedOffset(String offsetsTopic, String table) {
    TableOffset last = null;
    for (ConsumerRecord<String, String> r : kafka.readCommitted(offsetsTopic)) {
      if (table.equals(r.key())) {
        last = OffsetCodec.decode(r.value().getBytes(StandardCharsets.UTF_8));
      }
    }
    return last;
  }

  private static void commitOffset(String offsetsTopic, String table, TableOffset offset) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(offsetsTopic, OffsetCodec.key(table), OffsetCodec.encode(offset))).get();
    }
  }

  /** Two tables in one stream named {@code prefix} (2 shards), {@code snapshot: never}: the pipeline's YAML. */
  private String twoTablesOneStream(String prefix, String first, String second) {
    pg.execute("CREATE TABLE " + first + " (id int PRIMARY KEY, v text)");
    pg.execute("CREATE TABLE " + second + " (id int PRIMARY KEY, v text)");
    kinesis.createStream(prefix, 2);
    return stream.yaml(prefix, List.of(first, second), prefix, "{snapshot: never}");
  }

  private static TableStatus table(CapturePipeline pipeline, String name) {
    return pipeline.status().status().tables().stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow();
  }

  /** A DSQL-format insert whose int key holds text: valid JSON, but no row of the table. */
  private static byte[] recordWithATextKey(String table) {
    long nowNs = System.currentTimeMillis() * 1_000_000L;
    return ("""
        {"type":"full","op":"c","before":null,"after":{"id":"forty-two","v":"x"},
         "source":{"version":"1.0","ts_ms":%d,"ts_ns":%d,"txId":"bad-record","schema":"public","table":"%s",
                   "db":"postgres","cluster":"kmabugltfmjdaj2siqr2qbxgju"},"ts_ms":%d,"ts_ns":%d}
        """).formatted(nowNs / 1_000_000, nowNs, table, nowNs / 1_000_000, nowNs).getBytes(StandardCharsets.UTF_8);
  }
}
