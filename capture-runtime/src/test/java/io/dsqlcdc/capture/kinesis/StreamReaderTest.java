package io.dsqlcdc.capture.kinesis;

import io.dsqlcdc.capture.offsets.ShardCheckpoint;
import io.dsqlcdc.capture.changestream.ShardRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsqlcdc.api.spec.ChangeStreamSpec;
import io.dsqlcdc.capture.retry.Backoff;
import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The reader against a real Kinesis API: the kinesis-local emulator. */
class StreamReaderTest {
  @RegisterExtension
  static final KinesisLocal kinesis = KinesisLocal.perClass();

  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  static StreamReader open(String arn, Map<String, ShardCheckpoint> checkpoints, StreamStart start) {
    ChangeStreamSpec spec = new ChangeStreamSpec(arn, null, kinesis.endpoint().toString(), null, null, null, null, null);
    return open(arn, checkpoints, start, 100);
  }

  static StreamReader open(String arn, Map<String, ShardCheckpoint> checkpoints, StreamStart start,
      int recordsPerCall) {
    ChangeStreamSpec spec = new ChangeStreamSpec(arn, null, kinesis.endpoint().toString(), null, null, null, null, null);
    StreamReader.Options options = new StreamReader.Options(recordsPerCall, 1000, Duration.ofMillis(50),
        Duration.ZERO, Backoff.withFullJitter(Duration.ofMillis(50), Duration.ofSeconds(1)), Clock.systemUTC());
    return StreamReader.open(KinesisClients.create(spec, StaticCredentialsProvider.create(kinesis.credentials())),
        arn, checkpoints, start, options);
  }

  /** Puts {@code key:version} records, the key as partition key, so each key stays on one shard's lineage. */
  static void put(String stream, String prefix, int keys, int version) {
    for (int k = 0; k < keys; k++) {
      String key = prefix + k;
      kinesis.client().putRecord(r -> r.streamName(stream).partitionKey(key)
          .data(SdkBytes.fromUtf8String(key + ":" + version)));
    }
  }

  static List<ShardRecord> readUntil(StreamReader reader, List<ShardRecord> into, int total) {
    Awaitility.await("%d records".formatted(total)).atMost(READ_TIMEOUT).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1)).until(() -> {
          into.addAll(reader.poll());
          return into.size() >= total;
        });
    return into;
  }

  static String text(ShardRecord record) {
    return new String(record.data(), StandardCharsets.UTF_8);
  }

  static List<Shard> openShards(String stream) {
    return kinesis.client().listShards(r -> r.streamName(stream).shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
        .shards();
  }

  @Test
  void readsEveryShardEachInSequenceOrder() throws Exception {
    String arn = kinesis.createStream("every-shard", 4);
    put("every-shard", "k", 200, 1);

    try (StreamReader reader = open(arn, Map.of(), StreamStart.trimHorizon())) {
      List<ShardRecord> records = readUntil(reader, new ArrayList<>(), 200);

      assertThat(records).extracting(StreamReaderTest::text).hasSize(200).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).mapToObj(k -> "k" + k + ":1").toList());
      assertThat(records).extracting(ShardRecord::shardId).containsOnlyElementsOf(reader.readingShards());
      assertThat(reader.readingShards()).hasSize(4);
      Map<String, List<BigInteger>> sequences = records.stream().collect(Collectors.groupingBy(ShardRecord::shardId,
          Collectors.mapping(r -> new BigInteger(r.sequenceNumber()), Collectors.toList())));
      assertThat(sequences).hasSize(4).allSatisfy((shard, seqs) -> assertThat(seqs).isSorted());
      assertThat(records).allSatisfy(r -> assertThat(r.arrival()).isBefore(Instant.now().plusSeconds(1)));
      assertThat(reader.lag()).containsOnlyKeys(reader.readingShards());
      assertThat(reader.position()).hasSize(4);
    }
  }

  @Test
  void aBacklogIsReadWithTheShardsInStepByArrivalTime() throws Exception {
    String stream = "in-step";
    String arn = kinesis.createStream(stream, 2);
    List<Shard> shards = openShards(stream);
    putTo(stream, shards.get(0), "a-early", 20);
    putTo(stream, shards.get(1), "b", 20);
    putTo(stream, shards.get(0), "a-late", 20);

    try (StreamReader reader = open(arn, Map.of(), StreamStart.trimHorizon(), 5)) {
      List<String> read = readUntil(reader, new ArrayList<>(), 60).stream().map(StreamReaderTest::text).toList();

      assertThat(read.subList(0, read.indexOf("a-early:19"))).as("b waits for a's older records but for one call")
          .filteredOn(t -> t.startsWith("b")).hasSizeLessThanOrEqualTo(5);
      assertThat(read.subList(0, read.indexOf("b:19"))).as("a's newer records wait for b but for one call")
          .filteredOn(t -> t.startsWith("a-late")).hasSizeLessThanOrEqualTo(5);
    }
  }

  /** Puts {@code prefix:i} records onto one shard, by an explicit hash key in its range. */
  static void putTo(String stream, Shard shard, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      String data = prefix + ":" + i;
      kinesis.client().putRecord(r -> r.streamName(stream).partitionKey(data)
          .explicitHashKey(shard.hashKeyRange().startingHashKey()).data(SdkBytes.fromUtf8String(data)));
    }
  }

  @Test
  void latestReadsOnlyRecordsPutAfterTheOpen() throws Exception {
    String arn = kinesis.createStream("latest", 2);
    put("latest", "before", 20, 1);

    try (StreamReader reader = open(arn, Map.of(), StreamStart.latest())) {
      put("latest", "after", 20, 1);
      List<ShardRecord> records = readUntil(reader, new ArrayList<>(), 20);

      assertThat(records).extracting(StreamReaderTest::text).allMatch(t -> t.startsWith("after")).hasSize(20);
    }
  }

  @Test
  void followsASplitAndAMergeReadingChildrenAfterTheirParentsWithNothingLost() throws Exception {
    String stream = "reshard";
    String arn = kinesis.createStream(stream, 2);
    int keys = 40;
    put(stream, "k", keys, 1);
    try (StreamReader reader = open(arn, Map.of(), StreamStart.trimHorizon())) {
      List<ShardRecord> records = readUntil(reader, new ArrayList<>(), keys);

      Shard parent = openShards(stream).get(0);
      BigInteger low = new BigInteger(parent.hashKeyRange().startingHashKey());
      BigInteger high = new BigInteger(parent.hashKeyRange().endingHashKey());
      kinesis.client().splitShard(r -> r.streamName(stream).shardToSplit(parent.shardId())
          .newStartingHashKey(low.add(high).shiftRight(1).toString()));
      kinesis.awaitActive(stream);
      put(stream, "k", keys, 2);
      List<Shard> children = openShards(stream).stream()
          .filter(s -> parent.shardId().equals(s.parentShardId())).toList();
      assertThat(children).hasSize(2);
      kinesis.client().mergeShards(r -> r.streamName(stream).shardToMerge(children.get(0).shardId())
          .adjacentShardToMerge(children.get(1).shardId()));
      kinesis.awaitActive(stream);
      put(stream, "k", keys, 3);
      readUntil(reader, records, 3 * keys);

      assertThat(records).extracting(StreamReaderTest::text).hasSize(3 * keys).doesNotHaveDuplicates();
      Map<String, List<Integer>> versionsPerKey = new LinkedHashMap<>();
      records.forEach(r -> {
        String[] kv = text(r).split(":");
        versionsPerKey.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(Integer.parseInt(kv[1]));
      });
      assertThat(versionsPerKey).hasSize(keys).allSatisfy((key, versions) ->
          assertThat(versions).as(key).containsExactly(1, 2, 3));
      String merged = openShards(stream).stream().filter(s -> s.adjacentParentShardId() != null)
          .map(Shard::shardId).findFirst().orElseThrow();
      assertThat(reader.finishedShards()).containsExactlyInAnyOrder(parent.shardId(), children.get(0).shardId(),
          children.get(1).shardId());
      assertThat(reader.readingShards()).contains(merged).doesNotContainAnyElementsOf(reader.finishedShards());
      assertThat(lastIndexOf(records, parent.shardId()))
          .isLessThan(firstIndexOf(records, children.get(0).shardId()))
          .isLessThan(firstIndexOf(records, children.get(1).shardId()));
      assertThat(Math.max(lastIndexOf(records, children.get(0).shardId()), lastIndexOf(records, children.get(1).shardId())))
          .isLessThan(firstIndexOf(records, merged));
    }
  }

  static int firstIndexOf(List<ShardRecord> records, String shardId) {
    return IntStream.range(0, records.size()).filter(i -> records.get(i).shardId().equals(shardId)).findFirst()
        .orElseThrow();
  }

  static int lastIndexOf(List<ShardRecord> records, String shardId) {
    return IntStream.range(0, records.size()).filter(i -> records.get(i).shardId().equals(shardId)).reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void resumesAfterItsCheckpointsWithNothingRepeatedOrSkipped() throws Exception {
    String arn = kinesis.createStream("resume", 2);
    put("resume", "k", 30, 1);
    Map<String, ShardCheckpoint> checkpoints = new HashMap<>();
    List<String> afterCheckpoints = new ArrayList<>();
    try (StreamReader reader = open(arn, Map.of(), StreamStart.trimHorizon())) {
      List<ShardRecord> first = readUntil(reader, new ArrayList<>(), 30);
      Map<String, List<ShardRecord>> perShard = first.stream().collect(Collectors.groupingBy(ShardRecord::shardId));
      perShard.forEach((shard, records) -> {
        ShardRecord released = records.get(records.size() / 2);
        checkpoints.put(shard, ShardCheckpoint.after(shard, released.sequenceNumber(), released.arrival()));
        records.subList(records.size() / 2 + 1, records.size()).forEach(r -> afterCheckpoints.add(text(r)));
      });
    }
    put("resume", "k", 30, 2);

    try (StreamReader resumed = open(arn, checkpoints, StreamStart.latest())) {
      List<ShardRecord> again = readUntil(resumed, new ArrayList<>(), afterCheckpoints.size() + 30);

      List<String> expected = new ArrayList<>(afterCheckpoints);
      IntStream.range(0, 30).forEach(k -> expected.add("k" + k + ":2"));
      assertThat(again).extracting(StreamReaderTest::text).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  /**
   * Takes over 5 minutes: the emulator, like AWS, expires an iterator 300 s after it was issued, with no way to
   * shorten that.
   */
  @Test
  void anExpiredIteratorIsReopenedAfterTheLastRecordReadWithNothingRepeatedOrSkipped() throws Exception {
    String stream = "expiring";
    String arn = kinesis.createStream(stream, 1);
    String shardId = openShards(stream).get(0).shardId();
    put(stream, "k", 10, 1);
    try (StreamReader reader = open(arn, Map.of(), StreamStart.trimHorizon())) {
      List<ShardRecord> records = readUntil(reader, new ArrayList<>(), 10);
      String probe = kinesis.client().getShardIterator(r -> r.streamName(stream).shardId(shardId)
          .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
      Awaitility.await("an iterator issued after the reader's last call expires").atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofSeconds(5)).ignoreExceptionsMatching(e -> !(e instanceof ExpiredIteratorException))
          .until(() -> {
            try {
              kinesis.client().getRecords(r -> r.shardIterator(probe).limit(1));
              return false;
            } catch (ExpiredIteratorException e) {
              return true;
            }
          });
      put(stream, "k", 10, 2);

      readUntil(reader, records, 20);

      assertThat(records).extracting(StreamReaderTest::text).containsExactlyElementsOf(
          IntStream.rangeClosed(1, 2).boxed().flatMap(v -> IntStream.range(0, 10).mapToObj(k -> "k" + k + ":" + v))
              .toList());
    }
  }

  @Test
  void aCheckpointOnAShardTheStreamNoLongerHasIsAGap() {
    String arn = kinesis.createStream("gone", 1);
    ShardCheckpoint gone = ShardCheckpoint.after("shardId-000000000099", "49590338271490256608559692538361571095921575989136588898", null);

    assertThatThrownBy(() -> open(arn, Map.of(gone.shardId(), gone), StreamStart.latest()))
        .isInstanceOfSatisfying(StreamGapException.class, e -> assertThat(e.checkpoint()).isEqualTo(gone))
        .hasMessageContaining("shardId-000000000099").hasMessageContaining("re-snapshot");
  }

  @Test
  void aCheckpointOlderThanTheStreamsRetentionIsAGap() throws Exception {
    String arn = kinesis.createStream("expired", 1);
    put("expired", "k", 1, 1);
    String shardId = openShards("expired").get(0).shardId();
    String sequence = kinesis.client().getRecords(r -> r.shardIterator(kinesis.client().getShardIterator(i -> i
        .streamName("expired").shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator()))
        .records().get(0).sequenceNumber();
    ShardCheckpoint old = ShardCheckpoint.after(shardId, sequence, Instant.now().minus(Duration.ofHours(25)));

    assertThatThrownBy(() -> open(arn, Map.of(shardId, old), StreamStart.latest()))
        .isInstanceOf(StreamGapException.class)
        .hasMessageContaining(shardId).hasMessageContaining("older than the stream's retention of 24 h");
  }

  @Test
  void aCheckpointWhoseRecordTheShardNoLongerHoldsIsAGap() {
    String arn = kinesis.createStream("trimmed", 1);
    put("trimmed", "k", 1, 1);
    String shardId = openShards("trimmed").get(0).shardId();
    ShardCheckpoint unknown = ShardCheckpoint.after(shardId,
        "49590338271490256608559692538361571095921575989136588898", null);

    assertThatThrownBy(() -> open(arn, Map.of(shardId, unknown), StreamStart.latest()))
        .isInstanceOf(StreamGapException.class)
        .hasMessageContaining(shardId).hasMessageContaining("no longer holds that record");
  }

  @Test
  void aShardReadToItsEndIsNotReadAgainAndItsChildrenStartAtTheirBeginning() throws Exception {
    String stream = "ended";
    String arn = kinesis.createStream(stream, 1);
    put(stream, "k", 10, 1);
    Shard parent = openShards(stream).get(0);
    BigInteger high = new BigInteger(parent.hashKeyRange().endingHashKey());
    kinesis.client().splitShard(r -> r.streamName(stream).shardToSplit(parent.shardId())
        .newStartingHashKey(high.shiftRight(1).toString()));
    kinesis.awaitActive(stream);
    put(stream, "k", 10, 2);

    try (StreamReader reader = open(arn, Map.of(parent.shardId(), ShardCheckpoint.ended(parent.shardId(), null, null)),
        StreamStart.latest())) {
      List<ShardRecord> records = readUntil(reader, new ArrayList<>(), 10);

      assertThat(records).extracting(StreamReaderTest::text).allMatch(t -> t.endsWith(":2")).hasSize(10);
      assertThat(records).extracting(ShardRecord::shardId).doesNotContain(parent.shardId());
      assertThat(Set.copyOf(reader.readingShards())).hasSize(2);
    }
  }
}
