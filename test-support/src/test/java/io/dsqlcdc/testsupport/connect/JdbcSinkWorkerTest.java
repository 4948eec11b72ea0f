package io.dsqlcdc.testsupport.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcSinkWorkerTest {
  private static final String TOPIC = "sinktest.public.items";
  private static final String KEY_SCHEMA = "{\"type\":\"struct\",\"name\":\"sinktest.public.items.Key\","
      + "\"optional\":false,\"fields\":[{\"field\":\"id\",\"type\":\"int32\",\"optional\":false}]}";

  @RegisterExtension
  static final PostgresExtension pg = PostgresExtension.perClass();
  @RegisterExtension
  static final KafkaExtension kafka = KafkaExtension.inProcess();

  @Test
  void writesCommittedEnvelopesIntoTheTargetAddingColumnsAndApplyingDeletes() throws SQLException {
    PostgresExtension.Database target = pg.createDatabase("sinktarget");
    kafka.createTopic(TOPIC, 2);
    try (KafkaProducer<String, String> producer = producer()) {
      producer.initTransactions();
      send(producer, List.of(record(1, "a", null, "c"), record(2, "b", null, "c")), true);
      send(producer, List.of(record(3, "aborted", null, "c")), false);
      send(producer, List.of(record(2, "b2", "noted", "u"), record(1, "a", null, "d"), tombstone(1)), true);
    }
    try (JdbcSinkWorker sink = JdbcSinkWorker.start(kafka.bootstrapServers(), List.of(TOPIC),
        new JdbcSinkWorker.Target(target.jdbcUrl(), target.user(), target.password()),
        Map.of("collection.name.format", "items"))) {
      sink.awaitCaughtUp(Duration.ofSeconds(60));
      assertThat(rows(target)).containsExactly("2|b2|noted");
    }
  }

  private static List<String> rows(PostgresExtension.Database target) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = target.dataSource().getConnection();
         Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery("SELECT id, name, note FROM items ORDER BY id")) {
      while (result.next()) {
        rows.add(result.getInt(1) + "|" + result.getString(2) + "|" + result.getString(3));
      }
    }
    return rows;
  }

  private static void send(KafkaProducer<String, String> producer, List<ProducerRecord<String, String>> records,
      boolean commit) {
    producer.beginTransaction();
    records.forEach(producer::send);
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.abortTransaction();
    }
  }

  private static ProducerRecord<String, String> tombstone(int id) {
    return new ProducerRecord<>(TOPIC, key(id), null);
  }

  private static ProducerRecord<String, String> record(int id, String name, String note, String op) {
    String valueFields = "{\"field\":\"id\",\"type\":\"int32\",\"optional\":false},"
        + "{\"field\":\"name\",\"type\":\"string\",\"optional\":true}"
        + (note == null ? "" : ",{\"field\":\"note\",\"type\":\"string\",\"optional\":true}");
    String rowSchema = "{\"type\":\"struct\",\"name\":\"sinktest.public.items.Value\",\"optional\":true,"
        + "\"fields\":[" + valueFields + "]}";
    String sourceSchema = "{\"type\":\"struct\",\"name\":\"io.dsqlcdc.connector.dsql.Source\",\"optional\":false,"
        + "\"field\":\"source\",\"fields\":[{\"field\":\"table\",\"type\":\"string\",\"optional\":false}]}";
    String schema = "{\"type\":\"struct\",\"name\":\"sinktest.public.items.Envelope\",\"optional\":false,"
        + "\"version\":1,\"fields\":["
        + rowSchema.replace("{\"type\"", "{\"field\":\"before\",\"type\"") + ","
        + rowSchema.replace("{\"type\"", "{\"field\":\"after\",\"type\"") + ","
        + sourceSchema + ","
        + "{\"field\":\"op\",\"type\":\"string\",\"optional\":false},"
        + "{\"field\":\"ts_ms\",\"type\":\"int64\",\"optional\":true}]}";
    String row = "{\"id\":" + id + ",\"name\":\"" + name + "\"" + (note == null ? "" : ",\"note\":\"" + note + "\"")
        + "}";
    boolean delete = "d".equals(op);
    String payload = "{\"before\":" + (delete ? row : "null") + ",\"after\":" + (delete ? "null" : row)
        + ",\"source\":{\"table\":\"items\"},\"op\":\"" + op + "\",\"ts_ms\":1}";
    return new ProducerRecord<>(TOPIC, key(id), "{\"schema\":" + schema + ",\"payload\":" + payload + "}");
  }

  private static String key(int id) {
    return "{\"schema\":" + KEY_SCHEMA + ",\"payload\":{\"id\":" + id + "}}";
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "jdbc-sink-worker-test",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
  }
}
