package io.dsqlcdc.capture.kinesis;

import io.dsqlcdc.capture.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;

/**
 * The stream's shards (ListShards, every page) and its retention period (DescribeStreamSummary); a throttled call
 * is retried after a back-off.
 */
final class ShardDiscovery {
  /** A throttled ListShards or DescribeStreamSummary is tried this often before the error surfaces. */
  static final int MAX_ATTEMPTS = 8;

  private final KinesisClient kinesis;
  private final String streamArn;
  private final Backoff backoff;

  ShardDiscovery(KinesisClient kinesis, String streamArn, Backoff backoff) {
    this.kinesis = kinesis;
    this.streamArn = streamArn;
    this.backoff = backoff;
  }

  /** Every shard the stream still has, open and closed, in the order ListShards gives them. */
  List<ShardInfo> listShards() {
    List<ShardInfo> shards = new ArrayList<>();
    String nextToken = null;
    do {
      ListShardsRequest request = nextToken == null
          ? ListShardsRequest.builder().streamARN(streamArn).build()
          : ListShardsRequest.builder().nextToken(nextToken).build();
      ListShardsResponse page = withBackoff(() -> kinesis.listShards(request));
      page.shards().forEach(s -> shards.add(ShardInfo.of(s)));
      nextToken = page.nextToken();
    } while (nextToken != null);
    return shards;
  }

  /** How long the stream keeps records. */
  Duration retention() {
    int hours = withBackoff(() -> kinesis.describeStreamSummary(r -> r.streamARN(streamArn)))
        .streamDescriptionSummary().retentionPeriodHours();
    return Duration.ofHours(hours);
  }

  private <T> T withBackoff(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (KinesisException e) {
        if (!Throttling.isThrottle(e) || attempt == MAX_ATTEMPTS) {
          throw e;
        }
        sleep(backoff.delay(attempt));
      }
    }
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off from a throttled Kinesis call", e);
    }
  }
}
