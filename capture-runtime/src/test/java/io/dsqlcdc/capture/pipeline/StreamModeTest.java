package io.dsqlcdc.capture.pipeline;

import static io.dsqlcdc.capture.pipeline.StreamModeFixture.assertOrderedPerKeyWithoutDuplicates;
import static io.dsqlcdc.capture.pipeline.StreamModeFixture.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.spec.ChangeStreamSpec;
import io.dsqlcdc.api.status.TableReasons;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.capture.offsets.OffsetCodec;
import io.dsqlcdc.capture.offsets.ShardCheckpoint;
import io.dsqlcdc.capture.offsets.StreamCheckpoint;
import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.dsql.FakeDsqlControlPlane;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.kinesis.DsqlStreamSimulator;
import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stream mode end to end: DSQL-format change records (the simulator's, for changes made to a real PostgreSQL) in a
 * real Kinesis API (kinesis-local), relayed by the pipeline into a real Kafka, read back read_committed.
 */
class StreamModeTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();
  @RegisterExtension
  static KinesisLocal kinesis = KinesisLocal.perClass();
  @RegisterExtension
  static EmulatorKeys keys = new EmulatorKeys(kinesis);

  /** Room for a 12 MiB row's event: the topic's max.message.bytes and the producer's max.request.size. */
  private static final int LARGE_EVENT_BYTES = 16 << 20;

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);
  private final StreamModeFixture stream = new StreamModeFixture(pg, kafka, kinesis);


  @Test
  void duplicatedAndReorderedRecordsComeOutOncePerVersionInCommitOrderPerKey() throws Exception {
    pg.execute("CREATE TABLE relayed (id int PRIMARY KEY, v text)");
    kinesis.createStream("relayed", 4);
    String topic = "relay.public.relayed";
    try (DsqlStreamSimulator dsql = stream.simulator("relayed").duplicateFraction(0.1)
        .maxDelay(Duration.ofSeconds(1)).seed(1).build();
         // 10 s: on the loaded CI machine kinesis-local answered a put 6.5 s after it was due, beyond the 1 s of
         // reordering asked for, and its older version was then rightly stale behind a 5 s window
         CapturePipeline pipeline = fixture.start(stream.yaml("relay", "relayed", "relayed", "{snapshot: never}",
             "graceWindow: 10s, "))) {
      stream.randomChanges(dsql, "relayed", 50_000, 5_000, 7);
      List<ConsumerRecord<String, String>> records = stream.awaitTableState(topic, "relayed");
      assertOrderedPerKeyWithoutDuplicates(records);
      long versions = records.stream().filter(r -> r.value() != null).count();
      assertThat(versions).as("one event per committed version (stale: %s, a put answered up to %s after due)",
          pipeline.metrics().count("dsqlcdc.stream.records", "kind", "stale"), dsql.counters().longestPutLateness())
          .isEqualTo(dsql.counters().changes());
      assertThat(pipeline.metrics().count("dsqlcdc.stream.records", "kind", "duplicate")).isPositive();
    }
  }

  @Test
  void aSplitAndAMergeMidStreamLoseNothingAndKeepEachKeysOrder() throws Exception {
    pg.execute("CREATE TABLE resharded (id int PRIMARY KEY, v text)");
    kinesis.createStream("resharded", 2);
    String topic = "reshard.public.resharded";
    try (DsqlStreamSimulator dsql = stream.simulator("resharded").duplicateFraction(0.05)
        .maxDelay(Duration.ofMillis(300)).seed(6).build();
         CapturePipeline pipeline = fixture.start(stream.yaml("reshard", "resharded", "resharded",
             "{snapshot: never}"))) {
      stream.randomChanges(dsql, "resharded", 1_000, 200, 10);
      dsql.splitShard();
      stream.randomChanges(dsql, "resharded", 1_000, 200, 11);
      dsql.mergeShards();
      stream.randomChanges(dsql, "resharded", 1_000, 200, 12);
      List<ConsumerRecord<String, String>> records = stream.awaitTableState(topic, "resharded");
      assertOrderedPerKeyWithoutDuplicates(records);
      assertThat(records.stream().filter(r -> r.value() != null).count()).isEqualTo(dsql.counters().changes());
    }
  }

  @Test
  void aTwelveMebibyteRowSplitIntoFragmentsIsReassembledIntoOneEvent() throws Exception {
    pg.execute("CREATE TABLE large (id int PRIMARY KEY, v text)");
    kinesis.createStream("large", 2);
    String topic = "large.public.large";
    // Kafka refuses a record over 1 MiB unless the topic and the producer allow it, as a user's must for such rows
    kafka.createTopic(topic, 1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(LARGE_EVENT_BYTES)));
    String yaml = stream.yaml("large", "large", "large", "{snapshot: never}")
        + "  producer: {max.request.size: '" + LARGE_EVENT_BYTES + "'}\n";
    // random letters, so that the producer's lz4 cannot shrink the event below the broker's limit
    String big = randomLetters(12 << 20, 7);
    // fragments of 1 MiB, not DSQL's 9 MiB: kinesis-local reads many small records far faster than a few large ones
    try (DsqlStreamSimulator dsql = stream.simulator("large").fragmentThreshold(1 << 20).seed(7).build();
         CapturePipeline pipeline = fixture.start(yaml)) {
      dsql.transaction(tx -> tx.insert("large", row("id", 1, "v", big)));
      dsql.flush();
      assertThat(dsql.counters().fragments()).isGreaterThanOrEqualTo(12);
      List<Event> events = fixture.events(kafka.drain(topic, 1, Duration.ofMinutes(5)));
      assertThat(events).hasSize(1);
      assertThat(events.get(0).row().get("v").asText()).isEqualTo(stream.tableRows("large").get(1));
    }
  }

  @Test
  void aLostFragmentIsAnErrorInStatusNotAPartialEvent() throws Exception {
    pg.execute("CREATE TABLE torn (id int PRIMARY KEY, v text)");
    kinesis.createStream("torn", 1);
    try (DsqlStreamSimulator dsql = stream.simulator("torn").fragmentThreshold(16 << 10).seed(8).build();
         CapturePipeline pipeline = fixture.start(stream.yaml("torn", "torn", "torn", "{snapshot: never}",
             "fragmentTimeout: 1s, "))) {
      dsql.loseNextFragment();
      dsql.transaction(tx -> tx.insert("torn", row("id", 1, "v", "y".repeat(100 << 10))));
      dsql.transaction(tx -> tx.insert("torn", row("id", 2, "v", "after")));
      dsql.flush();
      Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> pipeline.status().status().tables().get(0).state()
          == TableState.Failed);
      assertThat(pipeline.status().status().tables().get(0).reason()).isEqualTo(TableReasons.STREAM_RECORD_INVALID);
      assertThat(pipeline.status().status().stream().message()).contains("fragment");
      assertThat(kafka.readCommitted("torn.public.torn")).as("no partial event, nothing after it").isEmpty();
    }
  }

  @Test
  void aFailedDsqlStreamShowsInStatusAndTheGaugeWhileTheRelayGoesOn() throws Exception {
    pg.execute("CREATE TABLE watched (id int PRIMARY KEY, v text)");
    kinesis.createStream("watched", 1);
    String region = ChangeStreamSpec.regionOf(kinesis.streamArn("watched")).orElseThrow();
    String dsqlArn = FakeDsqlControlPlane.streamArn(region);
    try (FakeDsqlControlPlane control = FakeDsqlControlPlane.create();
         DsqlStreamSimulator dsql = stream.simulator("watched").seed(9).build()) {
      control.start();
      control.stream(dsqlArn, "FAILED", "KINESIS_STREAM_NOT_FOUND", kinesis.streamArn("watched"));
      try (CapturePipeline pipeline = fixture.start(stream.yaml("watched", "watched", "watched", "{snapshot: never}",
          "dsqlStreamArn: '" + dsqlArn + "', dsqlEndpoint: '" + control.endpoint() + "', "))) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.status().status().stream().reason(),
            TableReasons.CHANGE_STREAM_FAILED::equals);
        assertThat(pipeline.status().status().stream().message()).contains("KINESIS_STREAM_NOT_FOUND")
            .contains("spec.snapshotRequest");
        assertThat(pipeline.status().status().stream().dsqlStream().status()).isEqualTo("FAILED");
        assertThat(control.requests()).allSatisfy(r -> assertThat(r.signedForDsql()).isTrue());
        assertThat(pipeline.metrics().registry().get("dsqlcdc.stream.source.active").gauge().value()).isZero();
        dsql.transaction(tx -> tx.insert("watched", row("id", 1, "v", "still relayed")));
        dsql.flush();
        stream.awaitTableState("watched.public.watched", "watched");
      }
    }
  }

  @Test
  void aStreamThatCannotBeReachedIsReportedInStatusWhileTheRuntimeKeepsTrying() throws Exception {
    pg.execute("CREATE TABLE unreached (id int PRIMARY KEY, v text)");
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String yaml = stream.yaml("unreach", "unreached", "unreached", "{snapshot: never}")
        .replace(kinesis.endpoint().toString(), "http://127.0.0.1:" + closedPort);
    try (CapturePipeline pipeline = fixture.start(yaml)) {
      Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> TableReasons.STREAM_UNREACHABLE.equals(
          pipeline.status().status().stream().reason()));
      assertThat(pipeline.status().status().stream().message()).contains(String.valueOf(closedPort));
      assertThat(pipeline.awaitFailure(Duration.ofSeconds(5))).as("the runtime keeps trying").isNull();
    }
  }

  @Test
  void aRestartResumesAfterTheCommittedCheckpointWithNoGapAndNoDuplicate() throws Exception {
    pg.execute("CREATE TABLE resumed (id int PRIMARY KEY, v text)");
    kinesis.createStream("resumed", 2);
    String topic = "resume.public.resumed";
    String yaml = stream.yaml("resume", "resumed", "resumed", "{snapshot: never}");
    Path state = Files.createTempDirectory("dsqlcdc-state");
    try (DsqlStreamSimulator dsql = stream.simulator("resumed").duplicateFraction(0.1).seed(2).build()) {
      try (CapturePipeline pipeline = fixture.start(yaml, state)) {
        stream.randomChanges(dsql, "resumed", 500, 100, 3);
        stream.awaitTableState(topic, "resumed");
      }
      stream.randomChanges(dsql, "resumed", 500, 100, 4);
      try (CapturePipeline pipeline = fixture.start(yaml, state)) {
        stream.randomChanges(dsql, "resumed", 500, 100, 5);
        List<ConsumerRecord<String, String>> records = stream.awaitTableState(topic, "resumed");
        assertOrderedPerKeyWithoutDuplicates(records);
        assertThat(records.stream().filter(r -> r.value() != null).count()).isEqualTo(dsql.counters().changes());
      }
    }
  }

  @Test
  void aSnapshotThenTheStreamGiveEveryRowOnceAcrossTheHandOver() throws Exception {
    pg.execute("CREATE TABLE handed (id int PRIMARY KEY, v text)");
    kinesis.createStream("handed", 2);
    String topic = "hand.public.handed";
    try (DsqlStreamSimulator dsql = stream.simulator("handed").seed(3).build()) {
      stream.randomChanges(dsql, "handed", 2_000, 300, 8);
      try (CapturePipeline pipeline = fixture.start(stream.yaml("hand", "handed", "handed",
          "{snapshot: initial}"))) {
        stream.randomChanges(dsql, "handed", 1_000, 300, 9);
        List<ConsumerRecord<String, String>> records = stream.awaitTableState(topic, "handed");
        assertOrderedPerKeyWithoutDuplicates(records);
        assertThat(fixture.events(records)).extracting(Event::op).contains("r", "u");
      }
    }
  }

  @Test
  void aCheckpointOlderThanTheStreamsRetentionGivesStreamGapInStatus() throws Exception {
    pg.execute("CREATE TABLE gapped (id int PRIMARY KEY, v text)");
    kinesis.createStream("gapped", 1);
    String yaml = stream.yaml("gap", "gapped", "gapped", "{snapshot: never}");
    Path state = Files.createTempDirectory("dsqlcdc-state");
    try (DsqlStreamSimulator dsql = stream.simulator("gapped").seed(4).build()) {
      try (CapturePipeline pipeline = fixture.start(yaml, state)) {
        stream.randomChanges(dsql, "gapped", 20, 10, 6);
        stream.awaitTableState("gap.public.gapped", "gapped");
        Awaitility.await().atMost(Duration.ofSeconds(30))
            .until(() -> !pipeline.status().status().stream().shards().isEmpty()
                && pipeline.status().status().stream().shards().get(0).committedSequenceNumber() != null);
      }
    }
    // the pipeline was stopped for two days: its checkpoint's record is past the stream's 24 h retention
    String offsets = fixture.config(yaml).identity().offsetsTopic();
    StreamCheckpoint committed = committedCheckpoint(offsets);
    Map<String, ShardCheckpoint> aged = new HashMap<>();
    committed.shards().forEach((id, c) -> aged.put(id, new ShardCheckpoint(id, c.sequenceNumber(),
        c.arrival().minus(Duration.ofDays(2)), c.ended())));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(offsets, OffsetCodec.key(OffsetCodec.STREAM_KEY),
          OffsetCodec.encodeStream(committed.withShards(aged)))).get();
    }
    try (CapturePipeline pipeline = fixture.start(yaml, state)) {
      Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> pipeline.status().status().tables().get(0).state()
          == TableState.Failed);
      assertThat(pipeline.status().status().tables().get(0).reason()).isEqualTo(TableReasons.STREAM_GAP);
      assertThat(pipeline.status().status().stream().reason()).isEqualTo(TableReasons.STREAM_GAP);
      assertThat(pipeline.status().status().stream().message()).contains("snapshotRequest");
    }
    // what the status says to do: a snapshot of every table, and the stream from before it
    String resnapshot = yaml + "snapshotRequest: {id: after-gap, tables: [public.gapped]}\n";
    try (DsqlStreamSimulator dsql = stream.simulator("gapped").seed(5).build();
         CapturePipeline pipeline = fixture.start(resnapshot, state)) {
      stream.randomChanges(dsql, "gapped", 20, 10, 7);
      stream.awaitTableState("gap.public.gapped", "gapped");
      assertThat(pipeline.status().status().stream().reason()).isNull();
      assertThat(pipeline.status().status().tables().get(0).state()).isEqualTo(TableState.Streaming);
    }
  }

  private static StreamCheckpoint committedCheckpoint(String offsetsTopic) {
    StreamCheckpoint last = null;
    for (ConsumerRecord<String, String> r : kafka.readCommitted(offsetsTopic)) {
      if (OffsetCodec.STREAM_KEY.equals(r.key())) {
        last = OffsetCodec.decodeStream(r.value().getBytes(StandardCharsets.UTF_8));
      }
    }
    return last;
  }

  private static String randomLetters(int length, long seed) {
    Random random = new Random(seed);
    char[] letters = new char[length];
    for (int i = 0; i < length; i++) {
      letters[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(letters);
  }
}
