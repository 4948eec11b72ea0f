package io.dsqlcdc.bench.kinesis;

import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;

/**
 * Where a plain reader is in one shard: the iterator to ask next, whether the shard was read to its end (a closed
 * shard's last answer has no next iterator), and whether the last answer was caught up with the shard's newest
 * record, so the reader pauses instead of asking again at once. An empty answer while behind (Kinesis can answer
 * empty pages before a shard's records) is not caught up.
 */
public final class ShardCursor {
  private final String shardId;
  private String iterator;
  private boolean caughtUp;

  public ShardCursor(String shardId, String iterator) {
    this.shardId = shardId;
    this.iterator = iterator;
  }

  public String shardId() {
    return shardId;
  }

  /** The iterator of the next GetRecords; null once the shard was read to its end. */
  public String iterator() {
    return iterator;
  }

  public boolean ended() {
    return iterator == null;
  }

  /** True when the last answer had no records left behind it: ask again only after a pause. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** Moves past an answer to {@link #iterator()}. */
  public void advance(GetRecordsResponse response) {
    iterator = response.nextShardIterator();
    Long behind = response.millisBehindLatest();
    caughtUp = behind != null && behind == 0;
  }
}
