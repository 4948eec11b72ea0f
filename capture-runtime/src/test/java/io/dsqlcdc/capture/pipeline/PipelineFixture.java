package io.dsqlcdc.capture.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsqlcdc.capture.config.ConfigLoader;
import io.dsqlcdc.capture.config.PipelineConfig;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import io.dsqlcdc.api.status.TableState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/** Builds pipeline configs against the test's PostgreSQL and Kafka, and reads the events back. */
final class PipelineFixture {
  static final ObjectMapper JSON = new ObjectMapper();

  private final PostgresExtension pg;
  private final KafkaExtension kafka;

  PipelineFixture(PostgresExtension pg, KafkaExtension kafka) {
    this.pg = pg;
    this.kafka = kafka;
  }

  /** The spec YAML; {@code tables} and {@code capture} are YAML flow sequences/mappings. */
  String yaml(String topicPrefix, String tables, String capture, String format) {
    return """
        source:
          endpoints: [%s]
          port: %d
          database: %s
          user: %s
          auth: {type: password, passwordSecret: {name: pg, key: password}}
          tls: {mode: verify-full, caFile: '%s'}
          pool: {maxSize: 4, minIdle: 1}
        tables: %s
        capture: %s
        sink:
          bootstrapServers: %s
          topicPrefix: %s
          format: %s
        """.formatted(pg.host(), pg.port(), pg.database(), pg.captureUser(), pg.caCertificateFile(), tables, capture,
        kafka.bootstrapServers(), topicPrefix, format);
  }

  Map<String, String> env() {
    return Map.of("SECRET_PG_PASSWORD", pg.capturePassword());
  }

  PipelineConfig config(String yaml) {
    return new ConfigLoader(env()::get).parse(yaml);
  }

  /** Starts the pipeline with a state directory of its own: its tables restore from their changelogs alone. */
  CapturePipeline start(String yaml) throws Exception {
    return start(yaml, Files.createTempDirectory("dsqlcdc-state"));
  }

  CapturePipeline start(String yaml, Path stateDir) throws Exception {
    CapturePipeline pipeline = new CapturePipeline(config(yaml), new CaptureMetrics(), stateDir);
    pipeline.start();
    return pipeline;
  }

  /** Starts the pipeline and waits until every table streams (its snapshot is done). */
  CapturePipeline startStreaming(String yaml) throws Exception {
    return startStreaming(yaml, Files.createTempDirectory("dsqlcdc-state"));
  }

  CapturePipeline startStreaming(String yaml, Path stateDir) throws Exception {
    CapturePipeline pipeline = start(yaml, stateDir);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.status().status().tables().stream()
        .allMatch(t -> t.state() == TableState.Streaming));
    return pipeline;
  }

  /** The topic's committed records, once there are at least {@code count} (within 60 s). */
  List<ConsumerRecord<String, String>> awaitRecords(String topic, int count) {
    return Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> kafka.readCommitted(topic),
        records -> records.size() >= count);
  }

  /** Deletes every record of the topic, as retention does once they are old enough. */
  void trim(String topic) throws Exception {
    Admin admin = kafka.adminClient();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, RecordsToDelete> trim = new HashMap<>();
    admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
        .forEach((p, end) -> trim.put(p, RecordsToDelete.beforeOffset(end.offset())));
    admin.deleteRecords(trim).all().get(30, TimeUnit.SECONDS);
  }

  /** Deletes the topic and waits until the broker no longer lists it. */
  void deleteTopic(String topic) throws Exception {
    Admin admin = kafka.adminClient();
    admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> !admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic));
  }

  /** A committed event: key and value parsed (value null for a tombstone). */
  record Event(JsonNode key, JsonNode value) {
    String op() {
      return value == null ? "tombstone" : envelope().get("op").asText();
    }

    /** The envelope, unwrapped from {schema, payload} when schemas are on. */
    JsonNode envelope() {
      return value.has("schema") && value.has("payload") ? value.get("payload") : value;
    }

    JsonNode row() {
      return envelope().get(op().equals("d") ? "before" : "after");
    }

    String keyText() {
      return key.toString();
    }
  }

  List<Event> events(List<ConsumerRecord<String, String>> records) {
    List<Event> out = new ArrayList<>(records.size());
    for (ConsumerRecord<String, String> r : records) {
      try {
        out.add(new Event(JSON.readTree(r.key()), r.value() == null ? null : JSON.readTree(r.value())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }
}
