package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.capture.http.RuntimeHttpServer;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /readyz, /status and /metrics of a runtime some or all of whose tables fail. */
class TableFailureReadinessTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.shared();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);
  private final HttpClient http = HttpClient.newHttpClient();

  private CapturePipeline start(String prefix, String tables) throws Exception {
    CapturePipeline pipeline = new CapturePipeline(fixture.config(fixture.yaml(prefix, tables,
        "{pollInterval: 100ms, maxPollInterval: 200ms}", "{}")), new CaptureMetrics());
    pipeline.start();
    return pipeline;
  }

  private HttpResponse<String> get(RuntimeHttpServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static TableStatus table(CapturePipeline pipeline, String name) {
    return pipeline.status().status().tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void oneFailingTableOfTwoLeavesTheRuntimeReadyAndShowsInStatusAndMetrics() throws Exception {
    pg.execute("CREATE TABLE tf_ok (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())");
    String tables = "[{name: tf_ok, cursor: updated_at}, {name: tf_gone, cursor: updated_at}]";
    try (CapturePipeline pipeline = start("tf1", tables);
         RuntimeHttpServer server = new RuntimeHttpServer(0, pipeline.status(), pipeline.metrics())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> table(pipeline, "public.tf_gone").state() == TableState.Failed
          && table(pipeline, "public.tf_ok").state() == TableState.Streaming);

      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
      assertThat(table(pipeline, "public.tf_gone").lastError()).contains("tf_gone");
      assertThat(get(server, "/metrics").body())
          .contains("dsqlcdc_table_failing{table=\"public.tf_gone\"} 1.0")
          .contains("dsqlcdc_table_failing{table=\"public.tf_ok\"} 0.0");
    }
  }

  @Test
  void everyTableFailingMakesTheRuntimeUnreadyUntilOneFlowsAgain() throws Exception {
    try (CapturePipeline pipeline = start("tf2", "[{name: tf_later, cursor: updated_at}]");
         RuntimeHttpServer server = new RuntimeHttpServer(0, pipeline.status(), pipeline.metrics())) {
      await().atMost(Duration.ofSeconds(30))
          .until(() -> table(pipeline, "public.tf_later").state() == TableState.Failed);

      HttpResponse<String> readyz = get(server, "/readyz");
      assertThat(readyz.statusCode()).isEqualTo(503);
      assertThat(readyz.body()).startsWith("not ready: every table fails: public.tf_later: ");

      pg.execute("CREATE TABLE tf_later (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())");
      await().atMost(Duration.ofSeconds(30)).until(() -> get(server, "/readyz").statusCode() == 200);
      assertThat(table(pipeline, "public.tf_later").lastError()).isNull();
    }
  }
}
