package io.dsqlcdc.testsupport.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

class KinesisLocalTest {
  @RegisterExtension
  static final KinesisLocal kinesis = KinesisLocal.perClass();

  private static KinesisClient client() {
    return kinesis.client();
  }

  private static String put(String stream, String data) {
    return client().putRecord(request -> request.streamName(stream).partitionKey(data)
        .data(SdkBytes.fromUtf8String(data))).sequenceNumber();
  }

  private static List<Shard> shards(String stream, ShardFilterType filter) {
    return client().listShards(request -> request.streamName(stream).shardFilter(f -> f.type(filter))).shards();
  }

  private static List<String> readToEnd(String stream, String shardId) {
    String iterator = client().getShardIterator(request -> request.streamName(stream).shardId(shardId)
        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    List<String> data = new ArrayList<>();
    for (int polls = 0; iterator != null && polls < 20; polls++) {
      String current = iterator;
      GetRecordsResponse response = client().getRecords(request -> request.shardIterator(current));
      response.records().forEach(record -> data.add(record.data().asUtf8String()));
      iterator = response.records().isEmpty() && !response.hasChildShards() ? null : response.nextShardIterator();
    }
    return data;
  }

  @Test
  void createdStreamIsActiveWithItsShardsAnd10MiBRecordLimit() {
    String arn = kinesis.createStream("created", 3);

    var summary = client().describeStreamSummary(request -> request.streamARN(arn)).streamDescriptionSummary();
    assertThat(summary.openShardCount()).isEqualTo(3);
    assertThat(summary.maxRecordSizeInKiB()).isEqualTo(KinesisLocal.MAX_RECORD_SIZE_KIB);
    assertThat(shards("created", ShardFilterType.AT_LATEST)).hasSize(3);
  }

  @Test
  void acceptsARecordAboveTheDefault1MiBAndReturnsItWhole() {
    kinesis.createStream("large", 1);
    byte[] large = new byte[1024 * 1024 + 1024];
    Arrays.fill(large, (byte) 'x');

    client().putRecord(request -> request.streamName("large").partitionKey("k").data(SdkBytes.fromByteArray(large)));

    String shardId = shards("large", ShardFilterType.AT_LATEST).get(0).shardId();
    String iterator = client().getShardIterator(request -> request.streamName("large").shardId(shardId)
        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    List<Record> records = client().getRecords(request -> request.shardIterator(iterator)).records();
    assertThat(records).singleElement()
        .satisfies(record -> assertThat(record.data().asByteArray()).hasSize(large.length));
  }

  @Test
  void iteratorsAfterSequenceNumberAndLatestStartWhereAsked() {
    kinesis.createStream("iterators", 1);
    String shardId = shards("iterators", ShardFilterType.AT_LATEST).get(0).shardId();
    String first = put("iterators", "one");
    put("iterators", "two");
    String latest = client().getShardIterator(request -> request.streamName("iterators").shardId(shardId)
        .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
    put("iterators", "three");

    String after = client().getShardIterator(request -> request.streamName("iterators").shardId(shardId)
        .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(first)).shardIterator();
    GetRecordsResponse fromAfter = client().getRecords(request -> request.shardIterator(after).limit(1));
    GetRecordsResponse fromLatest = client().getRecords(request -> request.shardIterator(latest));

    assertThat(fromAfter.records()).extracting(record -> record.data().asUtf8String()).containsExactly("two");
    assertThat(fromAfter.millisBehindLatest()).isNotNegative();
    assertThat(fromLatest.records()).extracting(record -> record.data().asUtf8String()).containsExactly("three");
    assertThat(fromLatest.millisBehindLatest()).isZero();
  }

  @Test
  void iteratorAfterAnUnknownSequenceNumberIsResourceNotFound() {
    kinesis.createStream("unknown-sequence", 1);
    String shardId = shards("unknown-sequence", ShardFilterType.AT_LATEST).get(0).shardId();
    String known = put("unknown-sequence", "one");
    String unknown = new BigInteger(known).add(BigInteger.TEN.pow(20)).toString();

    assertThatThrownBy(() -> client().getShardIterator(request -> request.streamName("unknown-sequence")
        .shardId(shardId).shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
        .startingSequenceNumber(unknown))).isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void splitAndMergeCloseParentsThatStayReadableAndNameTheirChildren() {
    kinesis.createStream("reshard", 2);
    List<Shard> initial = shards("reshard", ShardFilterType.AT_LATEST);
    for (int i = 0; i < 20; i++) {
      put("reshard", "before-" + i);
    }
    Shard parent = initial.get(0);
    BigInteger start = new BigInteger(parent.hashKeyRange().startingHashKey());
    BigInteger end = new BigInteger(parent.hashKeyRange().endingHashKey());
    client().splitShard(request -> request.streamName("reshard").shardToSplit(parent.shardId())
        .newStartingHashKey(start.add(end).shiftRight(1).toString()));
    kinesis.awaitActive("reshard");

    List<Shard> afterSplit = shards("reshard", ShardFilterType.AT_LATEST);
    assertThat(afterSplit).hasSize(3).noneMatch(shard -> shard.shardId().equals(parent.shardId()));
    assertThat(afterSplit).filteredOn(shard -> parent.shardId().equals(shard.parentShardId())).hasSize(2);
    assertThat(shards("reshard", ShardFilterType.AT_TRIM_HORIZON)).hasSize(4);

    List<Shard> children = afterSplit.stream().filter(shard -> parent.shardId().equals(shard.parentShardId()))
        .toList();
    client().mergeShards(request -> request.streamName("reshard").shardToMerge(children.get(0).shardId())
        .adjacentShardToMerge(children.get(1).shardId()));
    kinesis.awaitActive("reshard");
    for (int i = 0; i < 20; i++) {
      put("reshard", "after-" + i);
    }

    List<Shard> all = shards("reshard", ShardFilterType.AT_TRIM_HORIZON);
    assertThat(all).hasSize(5);
    assertThat(shards("reshard", ShardFilterType.AT_LATEST)).hasSize(2)
        .anyMatch(shard -> shard.adjacentParentShardId() != null);
    Shard closedParent = all.stream().filter(shard -> shard.shardId().equals(parent.shardId())).findFirst()
        .orElseThrow();
    assertThat(closedParent.sequenceNumberRange().endingSequenceNumber()).isNotNull();
    String iterator = client().getShardIterator(request -> request.streamName("reshard")
        .shardId(parent.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    GetRecordsResponse parentRead = client().getRecords(request -> request.shardIterator(iterator));
    assertThat(parentRead.records()).isNotEmpty();
    assertThat(parentRead.childShards()).hasSize(2);
    assertThat(parentRead.nextShardIterator()).isNull();
    List<String> everything = all.stream().flatMap(shard -> readToEnd("reshard", shard.shardId()).stream()).toList();
    assertThat(everything).hasSize(40).doesNotHaveDuplicates();
  }

  @Test
  void updateShardCountReshardsUniformly() {
    kinesis.createStream("scaled", 2);

    client().updateShardCount(request -> request.streamName("scaled").targetShardCount(4)
        .scalingType(ScalingType.UNIFORM_SCALING));
    kinesis.awaitActive("scaled");

    assertThat(shards("scaled", ShardFilterType.AT_LATEST)).hasSize(4);
    assertThat(put("scaled", "after-scaling")).isNotBlank();
  }

  @Test
  void nodeAndNpmArePresentOnThisMachine() {
    assertThat(KinesisLocal.missingPrerequisites()).isEmpty();
  }
}
