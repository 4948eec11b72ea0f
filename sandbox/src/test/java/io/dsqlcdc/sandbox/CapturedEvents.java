package io.dsqlcdc.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every committed change event on a pipeline's topics, as a downstream read_committed consumer sees them. */
final class CapturedEvents implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One change event: its table topic, key, op and the cursor position it carries ({@code source.sequence}). */
  record Event(String topic, String key, String op, String sequence, JsonNode after) {
  }

  private final KafkaConsumer<String, String> consumer;
  private final List<Event> events = new ArrayList<>();
  private long tombstones;

  CapturedEvents(Map<String, Object> clientProperties, String topicPrefix) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(Pattern.compile(Pattern.quote(topicPrefix) + "\\.[^.]+\\.[^.]+"));
  }

  /** Reads what has arrived; returns all events so far (tombstones counted apart). */
  synchronized List<Event> poll() {
    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
      if (r.value() == null) {
        tombstones++;
        continue;
      }
      try {
        JsonNode value = JSON.readTree(r.value());
        events.add(new Event(r.topic(), r.key(), value.path("op").asText(), value.at("/source/sequence").asText(),
            value.get("after")));
      } catch (java.io.IOException e) {
        throw new AssertionError("not JSON: " + r.value(), e);
      }
    }
    return List.copyOf(events);
  }

  synchronized long tombstones() {
    return tombstones;
  }

  /** Events of one table's topic. */
  List<Event> of(String topic) {
    return poll().stream().filter(e -> e.topic().equals(topic)).toList();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
