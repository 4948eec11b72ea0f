package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DSQL ends every connection after 60 minutes; acted out here by terminating the capture's backends every second. */
class ConnectionLifetimeTest {
  static final int ROWS = 100;

  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.shared();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @Test
  void captureContinuesWithoutLossOrDuplicateWhileBackendsAreTerminated() throws Exception {
    pg.execute("CREATE TABLE lifetime_readings (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())");
    String topic = "lifetime.public.lifetime_readings";
    AtomicInteger inserted = new AtomicInteger();
    AtomicInteger terminations = new AtomicInteger();
    ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("lifetime",
        "[{name: lifetime_readings, cursor: updated_at}]",
        "{pollInterval: 100ms, maxPollInterval: 200ms, maxTransactionDuration: 5s}", "{}"))) {
      load.scheduleAtFixedRate(() -> {
        int id = inserted.get();
        if (id < ROWS) {
          pg.execute("INSERT INTO lifetime_readings (id) VALUES (" + id + ")");
          inserted.incrementAndGet();
        }
      }, 0, 40, TimeUnit.MILLISECONDS);
      load.scheduleAtFixedRate(() -> {
        if (inserted.get() < ROWS) {
          terminations.addAndGet(pg.terminateBackends(pg.captureUser()));
        }
      }, 700, 1000, TimeUnit.MILLISECONDS);

      List<Event> events = await().atMost(Duration.ofSeconds(90)).until(
          () -> fixture.events(kafka.readCommitted(topic)), e -> inserted.get() == ROWS && e.size() >= ROWS);

      assertThat(terminations).as("capture backends terminated").hasValueGreaterThan(1);
      assertThat(events).hasSize(ROWS);
      assertThat(events.stream().map(e -> e.key().get("id").asInt()).distinct()).hasSize(ROWS);
    } finally {
      load.shutdownNow();
      load.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
