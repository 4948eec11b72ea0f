package io.dsqlcdc.capture.sink;

import io.dsqlcdc.api.spec.TopicSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the pipeline's topics when absent, each with its cleanup policy set explicitly rather than left to the
 * broker's default: event topics as spec.sink.topics says with delete (retention may trim them: no state is derived
 * from them), the offsets topic and the tables' state changelogs compacted, the changelogs with segments small
 * enough for compaction to keep up.
 */
public final class TopicCreator {
  /**
   * A changelog is compacted so a restore reads about one record per key; the broker never compacts a partition's
   * active segment, so segments roll at 64 MiB or after an hour rather than the broker's 1 GiB or 7 days, else a
   * table's whole changelog could stay uncompacted for a week and a restore read every version of every key.
   */
  static final Map<String, String> CHANGELOG_CONFIG = Map.of(
      TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
      TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(64 << 20),
      TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(3_600_000));

  private final Admin admin;

  public TopicCreator(Admin admin) {
    this.admin = admin;
  }

  public void ensure(Collection<String> eventTopics, String offsetsTopic, Collection<String> changelogTopics,
                     TopicSpec spec) throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    Optional<Integer> partitions = Optional.ofNullable(spec == null ? null : spec.partitions());
    Optional<Short> replication = Optional.ofNullable(spec == null || spec.replicationFactor() == null
        ? null : spec.replicationFactor().shortValue());
    List<NewTopic> missing = new ArrayList<>();
    for (String topic : eventTopics) {
      if (!existing.contains(topic)) {
        missing.add(new NewTopic(topic, partitions, replication)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)));
      }
    }
    for (String topic : changelogTopics) {
      if (!existing.contains(topic)) {
        missing.add(new NewTopic(topic, partitions, replication).configs(CHANGELOG_CONFIG));
      }
    }
    if (!existing.contains(offsetsTopic)) {
      missing.add(new NewTopic(offsetsTopic, Optional.of(1), replication)
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }
    if (missing.isEmpty()) {
      return;
    }
    for (var result : admin.createTopics(missing).values().values()) {
      try {
        result.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  /** Each topic's id, which changes when a topic is deleted and created again under its name. */
  public Map<String, String> topicIds(Collection<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, String> ids = new HashMap<>();
    admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS)
        .forEach((name, description) -> ids.put(name, description.topicId().toString()));
    return ids;
  }
}
