package io.dsqlcdc.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaChildProcessTest {
  @RegisterExtension
  static final KafkaExtension kafka = KafkaExtension.builder().childProcess().saslPlainUser("bob", "bob-secret")
      .mskIam(MskIamTokenValidatorTest.REGION, MskIamTokenValidatorTest.KEY, MskIamTokenValidatorTest.SECRET).build();

  @Test
  void brokerServesCommittedDataAgainAfterRestart() throws Exception {
    kafka.createTopic("restart", 1);
    try (KafkaProducer<String, String> producer = KafkaExtensionTest.transactionalProducer(kafka.bootstrapServers(), "tx-restart")) {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("restart", "before", "v"));
      producer.commitTransaction();
    }
    kafka.stopBroker();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000))) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }

    kafka.startBroker();

    try (KafkaProducer<String, String> producer = KafkaExtensionTest.transactionalProducer(kafka.bootstrapServers(), "tx-restart")) {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("restart", "after", "v"));
      producer.commitTransaction();
    }
    assertThat(kafka.readCommitted("restart")).extracting(ConsumerRecord::key).containsExactly("before", "after");
  }

  @Test
  void saslListenerRejectsWrongPassword() {
    try (Admin admin = Admin.create(KafkaExtensionTest.withTimeouts(kafka.saslClientProperties("bob", "wrong")))) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  void mskIamListenerAcceptsTheLibrarysTokenOverTls() throws Exception {
    try (MskIamClient credentials = new MskIamClient(MskIamTokenValidatorTest.REGION, MskIamTokenValidatorTest.KEY,
        MskIamTokenValidatorTest.SECRET); Admin admin = Admin.create(MskIamClient.adminProperties(kafka))) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  @Test
  void saslListenerAcceptsRightPassword() throws Exception {
    try (Admin admin = Admin.create(KafkaExtensionTest.withTimeouts(kafka.saslClientProperties("bob", "bob-secret")))) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
  }
}
