package io.dsqlcdc.bench.kinesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads every shard of a stream from its oldest record, one thread per shard, and hands each GetRecords answer's
 * records to a sink before asking for more; a caught-up shard is asked again after {@link #IDLE_PAUSE}. No order
 * across shards, no checkpoint, no dedupe: the plain way to read a stream, for the bench's peer and limit.
 */
public final class ShardPump implements AutoCloseable {
  /** Records per GetRecords, as the runtime's stream reader asks. */
  public static final int RECORDS_PER_CALL = 1000;
  /** How long a caught-up shard waits before it is asked again, as the runtime's stream reader waits. */
  public static final Duration IDLE_PAUSE = Duration.ofMillis(500);

  /** Does something with one answer's records; the shard's next GetRecords waits until it returns. */
  public interface Sink {
    void accept(List<Record> records) throws Exception;
  }

  private final KinesisClient client;
  private final Sink sink;
  private final AtomicLong records = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;
  private volatile Exception failure;

  private ShardPump(KinesisClient client, Sink sink) {
    this.client = client;
    this.sink = sink;
  }

  /** Starts reading every shard of the stream, closed ones included, from TRIM_HORIZON. */
  public static ShardPump start(KinesisClient client, String streamName, Sink sink) {
    ShardPump pump = new ShardPump(client, sink);
    for (Shard shard : shards(client, streamName)) {
      String iterator = client.getShardIterator(request -> request.streamName(streamName).shardId(shard.shardId())
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      ShardCursor cursor = new ShardCursor(shard.shardId(), iterator);
      Thread thread = new Thread(() -> pump.pump(cursor), "shard-pump-" + shard.shardId());
      thread.setDaemon(true);
      pump.threads.add(thread);
    }
    pump.threads.forEach(Thread::start);
    return pump;
  }

  private static List<Shard> shards(KinesisClient client, String streamName) {
    ListShardsResponse page = client.listShards(request -> request.streamName(streamName)
        .shardFilter(filter -> filter.type(ShardFilterType.AT_TRIM_HORIZON)));
    List<Shard> shards = new ArrayList<>(page.shards());
    while (page.nextToken() != null) {
      String token = page.nextToken();
      page = client.listShards(request -> request.nextToken(token));
      shards.addAll(page.shards());
    }
    return shards;
  }

  private void pump(ShardCursor cursor) {
    try {
      while (running && !cursor.ended()) {
        String iterator = cursor.iterator();
        GetRecordsResponse response = client.getRecords(request -> request.shardIterator(iterator)
            .limit(RECORDS_PER_CALL));
        if (!response.records().isEmpty()) {
          sink.accept(response.records());
          records.addAndGet(response.records().size());
        }
        cursor.advance(response);
        if (cursor.caughtUp()) {
          Thread.sleep(IDLE_PAUSE.toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (running) {
        failure = e;
      }
    }
  }

  /** Records read and handed to the sink so far; rethrows a shard's failure. */
  public long records() {
    if (failure != null) {
      throw new IllegalStateException("reading the stream failed: " + failure.getMessage(), failure);
    }
    return records.get();
  }

  /** Waits until at least {@code count} records went through; returns when (nanoTime), or -1 on timeout. */
  public long awaitRecords(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (records() < count) {
      if (System.nanoTime() > deadline) {
        return -1;
      }
      Thread.sleep(20);
    }
    return System.nanoTime();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    threads.forEach(Thread::interrupt);
    for (Thread thread : threads) {
      thread.join(10_000);
    }
  }
}
