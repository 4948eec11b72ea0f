package io.dsqlcdc.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SharedKafkaTest {
  @RegisterExtension
  static final KafkaExtension kafka = KafkaExtension.shared();

  @Test
  void sharedBrokerCreatesTopics() throws Exception {
    kafka.createTopic("shared-topic", 3);

    assertThat(kafka.adminClient().describeTopics(List.of("shared-topic")).allTopicNames()
        .get(10, TimeUnit.SECONDS).get("shared-topic").partitions()).hasSize(3);
  }

  @Test
  void sharedIsOneInstancePerJvm() {
    assertThat(KafkaExtension.shared()).isSameAs(kafka);
  }
}
