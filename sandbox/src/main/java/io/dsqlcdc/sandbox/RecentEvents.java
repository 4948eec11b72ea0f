package io.dsqlcdc.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The last few committed change events on the pipeline's topics, as a consumer downstream sees them. */
final class RecentEvents implements AutoCloseable {
  private final KafkaConsumer<String, String> consumer;
  private final Deque<String> recent = new ArrayDeque<>();
  private final int keep;
  private long seen;

  RecentEvents(Map<String, Object> clientProperties, String topicPrefix, int keep) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "sandbox-dashboard-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "2000");
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    this.keep = keep;
    consumer.subscribe(Pattern.compile(Pattern.quote(topicPrefix) + "\\.(?!.*offsets).+"));
  }

  /** Reads what arrived since the last call; returns the last {@code keep} events, oldest first. */
  List<String> poll() {
    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
      seen++;
      String value = r.value() == null ? "(tombstone)" : r.value();
      recent.addLast(r.topic() + " key=" + r.key() + " " + abbreviate(value));
      while (recent.size() > keep) {
        recent.removeFirst();
      }
    }
    return List.copyOf(recent);
  }

  long seen() {
    return seen;
  }

  private static String abbreviate(String s) {
    return s.length() <= 160 ? s : s.substring(0, 157) + "...";
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
