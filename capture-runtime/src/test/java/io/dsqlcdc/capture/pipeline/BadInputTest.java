package io.dsqlcdc.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.capture.CaptureRuntimeMain;
import io.dsqlcdc.capture.http.RuntimeHttpServer;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BadInputTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();

  private final PipelineFixture fixture = new PipelineFixture(pg, kafka);

  @TempDir
  Path dir;

  private record Outcome(int exitCode, String stderr) {
  }

  private Outcome run(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("pipeline.yaml"), yaml);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new CaptureRuntimeMain()).execute("run", "--config", file.toString());
      return new Outcome(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void malformedYamlExitsWithTwo() throws Exception {
    Outcome outcome = run("source: {endpoints: [localhost\ntables: [");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("malformed YAML").contains("line");
  }

  @Test
  void unknownFieldExitsWithTwoNamingTheField() throws Exception {
    String yaml = fixture.yaml("bad", "[{name: t, cursor: c}]", "{pollIntervall: 1s}", "{}");
    Outcome outcome = run(yaml);
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("spec.capture.pollIntervall").contains("unknown field");
  }

  @Test
  void missingSecretExitsWithTwoNamingTheVariable() throws Exception {
    // the test JVM has no SECRET_PG_PASSWORD in its environment
    Outcome outcome = run(fixture.yaml("bad", "[{name: t, cursor: c}]", "{}", "{}"));
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("spec.source.auth.passwordSecret").contains("SECRET_PG_PASSWORD");
  }

  @Test
  void brokenTablesAreReportedWhileTheOthersFlow() throws Exception {
    pg.execute("CREATE TABLE good (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE TABLE keyless (id int, updated_at timestamptz NOT NULL DEFAULT now())",
        "CREATE TABLE nocursor (id int PRIMARY KEY, created timestamptz)",
        "CREATE TABLE odd (id int PRIMARY KEY, spot point, updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO good (id) SELECT g FROM generate_series(1, 10) g");
    String tables = "[{name: good, cursor: updated_at}, {name: missing, cursor: updated_at},"
        + " {name: keyless, cursor: updated_at}, {name: nocursor, cursor: updated_at},"
        + " {name: odd, cursor: updated_at}]";
    try (CapturePipeline pipeline = fixture.start(fixture.yaml("mixed", tables,
        "{pollInterval: 100ms, maxPollInterval: 500ms}", "{}"))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> kafka.readCommitted("mixed.public.good").size() == 10);
      Map<String, TableStatus> status = await().atMost(Duration.ofSeconds(30)).until(() -> byName(pipeline),
          s -> s.values().stream().filter(t -> t.state() == TableState.Failed).count() == 4);
      assertThat(status.get("public.good").state()).isEqualTo(TableState.Streaming);
      assertThat(status.get("public.missing").lastError()).contains("public.missing").contains("does not exist");
      assertThat(status.get("public.keyless").lastError()).contains("public.keyless").contains("no primary key")
          .contains("key");
      assertThat(status.get("public.nocursor").lastError()).contains("cursor column updated_at")
          .contains("public.nocursor");
      assertThat(status.get("public.odd").lastError()).contains("column spot").contains("public.odd")
          .contains("point");
      pg.execute("INSERT INTO good (id) VALUES (11)");
      await().atMost(Duration.ofSeconds(30)).until(() -> kafka.readCommitted("mixed.public.good").size() == 11);
    }
  }

  @Test
  void aFailedTableIsRetriedAndFlowsOnceFixed() throws Exception {
    try (CapturePipeline pipeline = fixture.start(fixture.yaml("later", "[{name: later, cursor: updated_at}]",
        "{pollInterval: 100ms, maxPollInterval: 500ms}", "{}"))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> byName(pipeline).get("public.later").state() == TableState.Failed);
      pg.execute("CREATE TABLE later (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())",
          "INSERT INTO later (id) VALUES (1), (2), (3)");
      await().atMost(Duration.ofSeconds(30)).until(() -> kafka.readCommitted("later.public.later").size() == 3);
      TableStatus status = byName(pipeline).get("public.later");
      assertThat(status.state()).isEqualTo(TableState.Streaming);
      assertThat(status.lastError()).isNull();
    }
  }

  @Test
  void httpServesHealthReadinessStatusAndMetrics() throws Exception {
    pg.execute("CREATE TABLE served (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO served (id) VALUES (1), (2)");
    try (CapturePipeline pipeline = fixture.startStreaming(fixture.yaml("served", "[{name: served, cursor: updated_at}]",
        "{pollInterval: 100ms, maxPollInterval: 500ms}", "{}"));
         RuntimeHttpServer http = new RuntimeHttpServer(0, pipeline.status(), pipeline.metrics())) {
      HttpClient client = HttpClient.newHttpClient();
      Function<String, HttpResponse<String>> get = path -> {
        try {
          return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };
      assertThat(get.apply("/healthz").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> get.apply("/readyz").statusCode() == 200);
      await().atMost(Duration.ofSeconds(30)).until(() ->
          PipelineFixture.JSON.readTree(get.apply("/status").body()).at("/tables/0/rowsCaptured").asLong() == 2);
      JsonNode status = PipelineFixture.JSON.readTree(get.apply("/status").body());
      assertThat(status.get("pipeline").asText()).isEqualTo("served");
      assertThat(status.get("phase").asText()).isEqualTo("Streaming");
      assertThat(status.at("/source/connected").asBoolean()).isTrue();
      assertThat(status.at("/sink/connected").asBoolean()).isTrue();
      assertThat(status.at("/tables/0/name").asText()).isEqualTo("public.served");
      assertThat(status.at("/tables/0/state").asText()).isEqualTo("Streaming");
      assertThat(status.at("/tables/0/cursor").asText()).isNotEmpty();
      String metrics = get.apply("/metrics").body();
      assertThat(metrics).contains("dsqlcdc_events_total{op=\"r\",table=\"public.served\"} 2.0")
          .contains("dsqlcdc_rows_read_total").contains("dsqlcdc_transactions_total{outcome=\"commit\"}")
          .contains("dsqlcdc_poll_duration_seconds").contains("dsqlcdc_window_queries_total");
    }
  }

  private static Map<String, TableStatus> byName(CapturePipeline pipeline) {
    return pipeline.status().status().tables().stream().collect(Collectors.toMap(TableStatus::name, t -> t));
  }
}
