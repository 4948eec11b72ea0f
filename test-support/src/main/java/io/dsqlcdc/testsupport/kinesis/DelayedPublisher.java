package io.dsqlcdc.testsupport.kinesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts records to a Kinesis stream, each once its own delay has passed. With one worker (in submission order),
 * records that are due together go out in one PutRecords call (at most 500 records and 4 MiB; a larger record alone
 * with PutRecord), entries Kinesis rejects are put again. With several workers and random delays, records reach the
 * shards in another order than they were submitted in, and each goes out alone with PutRecord: kinesis-local's
 * PutRecords costs each entry time in proportion to the records its shard holds (measured with 4 shards: 500
 * records/s at first, 84/s past 25,000), its PutRecord does not (8 callers: some 330/s throughout), and tens of
 * thousands of changes are what the ordering tests need.
 */
final class DelayedPublisher implements AutoCloseable {
  private static final int MAX_BATCH_RECORDS = 500;
  private static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;
  private static final Duration MAX_BEHIND = Duration.ofMillis(100);

  private final KinesisClient client;
  private final String streamName;
  private final DelayQueue<Pending> queue = new DelayQueue<>();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong put = new AtomicLong();
  private final AtomicLong longestLateNanos = new AtomicLong();
  private final Object monitor = new Object();
  private final List<Thread> workers = new ArrayList<>();
  private final int maxBatchRecords;
  private long outstanding;
  private RuntimeException failure;
  private volatile boolean closed;

  private record Pending(byte[] data, String partitionKey, long dueNanos, long order) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      Pending that = (Pending) other;
      int byDue = Long.compare(dueNanos, that.dueNanos);
      return byDue != 0 ? byDue : Long.compare(order, that.order);
    }
  }

  DelayedPublisher(KinesisClient client, String streamName, int workerCount) {
    this.client = client;
    this.streamName = streamName;
    this.maxBatchRecords = workerCount == 1 ? MAX_BATCH_RECORDS : 1;
    for (int i = 0; i < workerCount; i++) {
      Thread worker = new Thread(this::work, "dsql-stream-simulator-put-" + i);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
  }

  /**
   * Queues a record to be put after the delay; first waits while the puts are behind (a record due more than
   * {@link #MAX_BEHIND} ago still queued). Without that, a test committing faster than the emulator takes puts
   * would stretch the delays: records queued a second apart in due time would arrive many seconds apart, beyond the
   * reordering the test asked for.
   */
  void submit(byte[] data, String partitionKey, Duration delay) {
    synchronized (monitor) {
      while (behind() && failure == null && !closed) {
        try {
          monitor.wait(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the puts to catch up", e);
        }
      }
      outstanding++;
    }
    queue.add(new Pending(data, partitionKey, System.nanoTime() + delay.toNanos(), submitted.incrementAndGet()));
  }

  /** Waits until every submitted record was put; rethrows the first failure to put one. */
  void flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (outstanding > 0 && failure == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(outstanding + " records still not put after " + timeout);
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private boolean behind() {
    Pending earliest = queue.peek();
    return earliest != null && earliest.getDelay(TimeUnit.NANOSECONDS) < -MAX_BEHIND.toNanos();
  }

  /**
   * The longest a record's put took to be answered after it was due: how much later than its delay asked a record
   * may have arrived (a slow emulator, the SDK's retries).
   */
  Duration longestLateness() {
    return Duration.ofNanos(longestLateNanos.get());
  }

  /** Records put so far (each put of a duplicate counts). */
  long recordsPut() {
    return put.get();
  }

  private void work() {
    while (!closed) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          send(batchFrom(first));
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private List<Pending> batchFrom(Pending first) {
    List<Pending> batch = new ArrayList<>(List.of(first));
    int bytes = first.data().length;
    while (batch.size() < maxBatchRecords && bytes < MAX_BATCH_BYTES) {
      Pending next = queue.poll();
      if (next == null) {
        break;
      }
      if (bytes + next.data().length > MAX_BATCH_BYTES) {
        queue.add(next);
        break;
      }
      batch.add(next);
      bytes += next.data().length;
    }
    return batch;
  }

  private void send(List<Pending> batch) {
    try {
      if (batch.size() == 1) {
        Pending only = batch.get(0);
        client.putRecord(request -> request.streamName(streamName).partitionKey(only.partitionKey())
            .data(SdkBytes.fromByteArray(only.data())));
        done(batch);
        return;
      }
      PutRecordsResponse response = client.putRecords(request -> request.streamName(streamName)
          .records(batch.stream().map(pending -> PutRecordsRequestEntry.builder()
              .partitionKey(pending.partitionKey()).data(SdkBytes.fromByteArray(pending.data())).build()).toList()));
      List<PutRecordsResultEntry> results = response.records();
      List<Pending> accepted = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        if (results.get(i).errorCode() == null) {
          accepted.add(batch.get(i));
        } else {
          Pending rejected = batch.get(i);
          queue.add(new Pending(rejected.data(), rejected.partitionKey(), System.nanoTime(), rejected.order()));
        }
      }
      done(accepted);
    } catch (SdkException e) {
      synchronized (monitor) {
        if (failure == null) {
          failure = new IllegalStateException("putting " + batch.size() + " records to " + streamName + " failed", e);
        }
        outstanding -= batch.size();
        monitor.notifyAll();
      }
    }
  }

  private void done(List<Pending> accepted) {
    long now = System.nanoTime();
    accepted.forEach(p -> longestLateNanos.accumulateAndGet(now - p.dueNanos(), Math::max));
    int count = accepted.size();
    put.addAndGet(count);
    synchronized (monitor) {
      outstanding -= count;
      monitor.notifyAll();
    }
  }

  @Override
  public void close() {
    closed = true;
    workers.forEach(Thread::interrupt);
    for (Thread worker : workers) {
      try {
        worker.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
