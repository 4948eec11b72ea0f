package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.capture.config.PipelineConfig;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.retry.Backoff;
import io.dsqlcdc.capture.sink.BrokerCheck;
import io.dsqlcdc.capture.sink.FencedException;
import io.dsqlcdc.capture.sink.KafkaClientProperties;
import io.dsqlcdc.capture.sink.SinkErrors;
import io.dsqlcdc.capture.sink.SinkHealth;
import io.dsqlcdc.capture.sink.TopicCreator;
import io.dsqlcdc.capture.sink.TransactionalWriter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics and registers its transactional writer (which fences older runtimes of the
 * pipeline). While Kafka cannot be reached or refuses the credentials it tries again with back-off (1 s doubling to
 * 30 s) and reports why in the sink's health, instead of exiting into a crash loop.
 */
final class SinkConnector {
  private static final Logger LOG = LoggerFactory.getLogger(SinkConnector.class);
  private static final Backoff BACKOFF = Backoff.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30));

  /** @param changelogTopicIds each changelog topic's id, by topic name */
  record Connected(TransactionalWriter writer, Map<String, String> changelogTopicIds) {
  }

  private final PipelineConfig config;
  private final KafkaClientProperties kafka;
  private final SinkHealth health;
  private final CaptureMetrics metrics;

  SinkConnector(PipelineConfig config, KafkaClientProperties kafka, SinkHealth health, CaptureMetrics metrics) {
    this.config = config;
    this.kafka = kafka;
    this.health = health;
    this.metrics = metrics;
  }

  /** The started writer, or null when {@code stop} was released before Kafka could be reached. */
  Connected connect(List<String> eventTopics, Collection<String> changelogTopics, CountDownLatch stop)
      throws InterruptedException {
    DsqlCdcPipelineSpec spec = config.spec();
    String transactionalId = config.identity().transactionalId();
    String offsetsTopic = config.identity().offsetsTopic();
    for (int attempt = 1; ; attempt++) {
      TransactionalWriter candidate = null;
      try {
        Map<String, String> topicIds;
        try (Admin admin = Admin.create(kafka.common())) {
          TopicCreator creator = new TopicCreator(admin);
          creator.ensure(eventTopics, offsetsTopic, changelogTopics, spec.sink().topics());
          topicIds = creator.topicIds(changelogTopics);
        }
        candidate = new TransactionalWriter(kafka.producer(transactionalId), transactionalId, offsetsTopic,
            2 * spec.capture().parallelism() + 2, metrics);
        candidate.start();
        health.connected(candidate, new BrokerCheck(kafka.common(), spec.sink(), SinkHealth.CHECK_TIMEOUT));
        return new Connected(candidate, topicIds);
      } catch (FencedException e) {
        candidate.close();
        throw e;
      } catch (ExecutionException | TimeoutException | KafkaException e) {
        if (candidate != null) {
          candidate.close();
        }
        Duration backoff = BACKOFF.delay(attempt);
        String reason = SinkErrors.reason(e);
        String message = SinkErrors.describe(e, spec.sink());
        health.connecting(ConnectionStatus.down(spec.sink().bootstrapServers(), reason, message));
        metrics.error("sink");
        LOG.warn("cannot connect to Kafka ({}): {}; retrying in {} s", reason, message, backoff.toSeconds());
        if (stop.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
          return null;
        }
      }
    }
  }
}
