package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsqlcdc.capture.pipeline.PipelineFixture.Event;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The shipped runtime (a child JVM) while its Kafka broker (another child JVM) goes away and comes back. */
class SinkOutageTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.childProcess();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @TempDir
  Path dir;

  /** Inserts rows 1, 2, 3, ... every 50 ms (the first may be snapshot reads): commits are in flight as the broker goes. */
  private static final class Inserts implements AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger last = new AtomicInteger();

    Inserts start() {
      executor.scheduleWithFixedDelay(
          () -> pg.execute("INSERT INTO outage (id) VALUES (" + last.incrementAndGet() + ")"), 0, 50,
          TimeUnit.MILLISECONDS);
      return this;
    }

    int last() {
      return last.get();
    }

    @Override
    public void close() throws InterruptedException {
      executor.shutdown();
      executor.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void losingTheBrokerTurnsTheRuntimeUnreadyWithinTenSecondsAndItRecoversWithoutLossOrDuplicates()
      throws Exception {
    pg.execute("CREATE TABLE outage (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())");
    Path config = Files.writeString(dir.resolve("pipeline.yaml"), fixture.yaml("outage",
        "[{name: outage, cursor: updated_at}]",
        "{pollInterval: 100ms, maxPollInterval: 200ms, maxTransactionDuration: 5s}", "{}"));
    String topic = "outage.public.outage";
    int rows;
    try (RuntimeProcess runtime = RuntimeProcess.start(config, dir.resolve("state"), fixture.env(),
        dir.resolve("runtime.log"));
         Inserts inserts = new Inserts().start()) {
      await().atMost(Duration.ofSeconds(90)).until(() -> runtime.readyz() == 200);
      await().atMost(Duration.ofSeconds(30)).until(() -> committedRows(runtime) >= 40);

      kafka.stopBroker();
      long lost = System.nanoTime();
      await("/readyz non-200 after the broker stopped").atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100)).until(() -> runtime.readyz() == 503);
      double unreadyAfter = seconds(lost);
      JsonNode sink = runtime.status().path("sink");
      assertThat(sink.path("connected").asBoolean()).isFalse();
      assertThat(sink.path("reason").asText()).isIn("Unreachable", "CommitStalled");
      assertThat(sink.path("message").asText()).isNotBlank();
      assertThat(runtime.get("/readyz").body()).startsWith("not ready: sink ");
      assertThat(runtime.metrics()).contains("dsqlcdc_sink_connected{pipeline=\"outage\"} 0.0");

      kafka.startBroker();
      long back = System.nanoTime();
      await("/readyz 200 once the broker is back").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100)).until(() -> runtime.readyz() == 200);
      double readyAfter = seconds(back);
      assertThat(runtime.status().path("sink").path("connected").asBoolean()).isTrue();
      long committedBefore = committedRows(runtime);
      await("commits succeed again").atMost(Duration.ofSeconds(30))
          .until(() -> committedRows(runtime) > committedBefore);
      assertThat(runtime.isAlive()).as("the runtime rode out the outage").isTrue();
      System.out.printf("FIGURE sink outage: /readyz 503 %.1f s after the broker stopped (sink %s), 200 again %.1f s"
          + " after it was back%n", unreadyAfter, sink.path("reason").asText(), readyAfter);

      inserts.close();
      rows = inserts.last();
      await().atMost(Duration.ofSeconds(60)).until(() -> kafka.readCommitted(topic).size() >= rows);
      assertThat(runtime.terminate()).isZero();
    }
    List<Event> events = fixture.events(kafka.readCommitted(topic));
    List<Integer> ids = events.stream().map(e -> e.key().get("id").asInt()).sorted().toList();
    assertThat(ids).as("every row exactly once, read_committed").hasSize(rows)
        .doesNotHaveDuplicates()
        .containsExactlyElementsOf(IntStream.rangeClosed(1, rows).boxed().toList());
    assertThat(events.stream().map(Event::op).collect(Collectors.toSet())).as("snapshot, then inserts")
        .isSubsetOf("r", "c");
  }

  private static long committedRows(RuntimeProcess runtime) {
    JsonNode status = runtime.status();
    return status == null ? 0 : status.at("/tables/0/rowsCaptured").asLong(0);
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
