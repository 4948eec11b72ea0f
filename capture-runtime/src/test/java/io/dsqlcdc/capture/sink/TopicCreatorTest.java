package io.dsqlcdc.capture.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicCreatorTest {
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  /** The topic's configuration, once the broker's metadata knows the topic just created. */
  private Config configOf(String topic) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
        () -> kafka.adminClient().describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource),
        config -> config != null);
  }

  private void ensure(String suffix) throws Exception {
    new TopicCreator(kafka.adminClient()).ensure(List.of("events-" + suffix), "offsets-" + suffix,
        List.of("changelog-" + suffix), null);
  }

  @Test
  void changelogsAreCompactedWithSegmentsThatRollWithinAnHourOr64MiB() throws Exception {
    ensure("a");
    Config changelog = configOf("changelog-a");
    assertThat(changelog.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
    assertThat(changelog.get(TopicConfig.SEGMENT_BYTES_CONFIG).value()).isEqualTo(String.valueOf(64 << 20));
    assertThat(changelog.get(TopicConfig.SEGMENT_MS_CONFIG).value()).isEqualTo("3600000");
  }

  @Test
  void eventTopicsKeepTheDeletePolicyAndTheBrokersSegmentSize() throws Exception {
    ensure("b");
    Config events = configOf("events-b");
    assertThat(events.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
    assertThat(events.get(TopicConfig.SEGMENT_BYTES_CONFIG).isDefault()).isTrue();
  }

  @Test
  void theOffsetsTopicIsCompactedWithOnePartition() throws Exception {
    ensure("c");
    assertThat(configOf("offsets-c").get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
    assertThat(kafka.adminClient().describeTopics(List.of("offsets-c")).allTopicNames().get(30, TimeUnit.SECONDS)
        .get("offsets-c").partitions()).hasSize(1);
  }

  @Test
  void topicsThatExistAreLeftAsTheyAre() throws Exception {
    ensure("d");
    kafka.adminClient().incrementalAlterConfigs(Map.of(
        new ConfigResource(ConfigResource.Type.TOPIC, "changelog-d"),
        List.of(new AlterConfigOp(
            new ConfigEntry(TopicConfig.SEGMENT_MS_CONFIG, "7200000"),
            AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
    ensure("d");
    assertThat(configOf("changelog-d").get(TopicConfig.SEGMENT_MS_CONFIG).value()).isEqualTo("7200000");
  }
}
