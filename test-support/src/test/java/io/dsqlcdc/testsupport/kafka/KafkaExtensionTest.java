package io.dsqlcdc.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaExtensionTest {
  @RegisterExtension
  static final KafkaExtension kafka = KafkaExtension.builder().saslPlainUser("alice", "alice-secret").build();

  static KafkaProducer<String, String> transactionalProducer(String bootstrapServers, String transactionalId) {
    KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
        new StringSerializer(), new StringSerializer());
    producer.initTransactions();
    return producer;
  }

  @Test
  void committedTransactionIsReadCommitted() {
    kafka.createTopic("committed", 2);
    try (KafkaProducer<String, String> producer = transactionalProducer(kafka.bootstrapServers(), "tx-committed")) {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("committed", "k1", "v1"));
      producer.send(new ProducerRecord<>("committed", "k2", "v2"));
      producer.commitTransaction();
    }

    assertThat(kafka.readCommitted("committed")).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("k1", "k2");
  }

  @Test
  void abortedTransactionIsInvisible() {
    kafka.createTopic("aborted", 1);
    try (KafkaProducer<String, String> producer = transactionalProducer(kafka.bootstrapServers(), "tx-aborted")) {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("aborted", "gone", "v"));
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("aborted", "kept", "v"));
      producer.commitTransaction();
    }

    assertThat(kafka.drain("aborted", 1, Duration.ofSeconds(30))).extracting(ConsumerRecord::key).containsExactly("kept");
    assertThat(kafka.readCommitted("aborted")).extracting(ConsumerRecord::key).containsExactly("kept");
  }

  @Test
  void tombstoneComesBackWithNullValue() {
    kafka.createTopic("tombstones", 1);
    try (KafkaProducer<String, String> producer = transactionalProducer(kafka.bootstrapServers(), "tx-tombstone")) {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("tombstones", "k", null));
      producer.commitTransaction();
    }

    List<ConsumerRecord<String, String>> records = kafka.readCommitted("tombstones");
    assertThat(records).hasSize(1);
    assertThat(records.get(0).value()).isNull();
  }

  @Test
  void saslListenerAcceptsRightPassword() throws Exception {
    try (Admin admin = Admin.create(withTimeouts(kafka.saslClientProperties("alice", "alice-secret")))) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  @Test
  void saslListenerRejectsWrongPassword() {
    try (Admin admin = Admin.create(withTimeouts(kafka.saslClientProperties("alice", "wrong")))) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  static Map<String, Object> withTimeouts(Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>(properties);
    all.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    all.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
    return all;
  }
}
