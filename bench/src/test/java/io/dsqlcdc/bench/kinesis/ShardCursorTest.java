package io.dsqlcdc.bench.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

class ShardCursorTest {
  private static GetRecordsResponse answer(String next, Long behind, int records) {
    GetRecordsResponse.Builder response = GetRecordsResponse.builder().nextShardIterator(next)
        .millisBehindLatest(behind);
    return response.records(java.util.stream.IntStream.range(0, records).mapToObj(i -> Record.builder()
        .sequenceNumber(String.valueOf(i)).partitionKey("k").data(SdkBytes.fromUtf8String("{}")).build()).toList())
        .build();
  }

  @Test
  void eachAnswerMovesTheCursorToItsNextIterator() {
    ShardCursor cursor = new ShardCursor("shardId-000", "it-0");
    cursor.advance(answer("it-1", 5_000L, 1000));
    assertThat(cursor.iterator()).isEqualTo("it-1");
    assertThat(cursor.ended()).isFalse();
  }

  @Test
  void anAnswerWithNothingBehindItIsCaughtUpSoTheReaderPauses() {
    ShardCursor cursor = new ShardCursor("shardId-000", "it-0");
    cursor.advance(answer("it-1", 0L, 3));
    assertThat(cursor.caughtUp()).isTrue();
  }

  @Test
  void anEmptyAnswerWhileBehindIsNotCaughtUpSoTheReaderAsksAgainAtOnce() {
    ShardCursor cursor = new ShardCursor("shardId-000", "it-0");
    cursor.advance(answer("it-1", 0L, 0));
    cursor.advance(answer("it-2", 60_000L, 0));
    assertThat(cursor.caughtUp()).isFalse();
  }

  @Test
  void aClosedShardsLastAnswerWithoutANextIteratorEndsTheShard() {
    ShardCursor cursor = new ShardCursor("shardId-000", "it-0");
    cursor.advance(answer(null, 0L, 2));
    assertThat(cursor.ended()).isTrue();
    assertThat(cursor.iterator()).isNull();
  }
}
