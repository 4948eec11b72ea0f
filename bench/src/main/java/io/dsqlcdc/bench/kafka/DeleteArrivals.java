package io.dsqlcdc.bench.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads the event topic read_committed from its end and notes when each key's d event arrived. */
public final class DeleteArrivals implements AutoCloseable {
  private final KafkaConsumer<String, String> consumer;
  private final Map<Long, Long> arrived = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean stopping;

  public DeleteArrivals(String bootstrapServers, String topic) {
    consumer = ArrivalWatcher.fromEnd(bootstrapServers, topic);
    thread = new Thread(this::run, "hard-delete-arrivals");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!stopping) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
        if (r.value() != null && r.value().contains("\"op\":\"d\"")) {
          arrived.putIfAbsent(CommittedWatcher.id(r.key()), System.nanoTime());
        }
      }
    }
  }

  /** Waits until every deleted key's d arrived; each one's delay from its DELETE's commit. */
  public LatencyRecorder await(Map<Long, Long> deletedAt, Duration timeout, Runnable check) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!arrived.keySet().containsAll(deletedAt.keySet())) {
      check.run();
      if (System.nanoTime() > deadline) {
        long missing = deletedAt.keySet().stream().filter(k -> !arrived.containsKey(k)).count();
        throw new IllegalStateException(missing + " of " + deletedAt.size() + " deleted keys got no d event");
      }
      Thread.sleep(50);
    }
    LatencyRecorder delays = new LatencyRecorder();
    deletedAt.forEach((id, at) -> delays.record(arrived.get(id) - at));
    return delays;
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    thread.join(5_000);
    consumer.close(Duration.ofSeconds(5));
  }
}
