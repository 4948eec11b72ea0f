package io.dsqlcdc.sandbox.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.spec.ChangeStreamSpec;
import io.dsqlcdc.capture.CaptureRuntimeMain;
import io.dsqlcdc.operator.OperatorMain;
import io.dsqlcdc.sandbox.ChildJvm;
import io.dsqlcdc.sandbox.SamplePipeline;
import io.dsqlcdc.testsupport.dsql.FakeDsqlControlPlane;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import io.dsqlcdc.testsupport.promql.MonitoringExpressions;
import io.dsqlcdc.testsupport.promql.PromqlParser;
import io.dsqlcdc.testsupport.promql.PromqlParser.Parsed;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No dead panel, no alert on a series that does not exist: every metric name that an alert or a dashboard panel of
 * {@code deploy/monitoring/} selects is in a real scrape of a runtime capturing from PostgreSQL into Kafka or of an
 * operator reconciling pipelines against the mock API, each started as the image starts it (its own JVM).
 */
class ScrapedMetricsTest {
  static final Path MONITORING = Path.of("../deploy/monitoring");
  /** Series Prometheus makes itself for every target; no process exposes them. */
  static final Set<String> PROMETHEUS_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.shared();
  @RegisterExtension
  static KubernetesMockExtension api = KubernetesMockExtension.create();
  @RegisterExtension
  static KinesisLocal kinesis = KinesisLocal.perClass();
  @RegisterExtension
  static FakeDsqlControlPlane dsqlControlPlane = FakeDsqlControlPlane.create();

  @TempDir
  Path dir;

  @Test
  void everyMetricThatAnAlertOrAPanelSelectsIsInAScrapeOfTheRuntimeOrTheOperator() throws Exception {
    Set<String> scraped = new TreeSet<>();
    scraped.addAll(names(kept(scrapeRuntime(), "runtime")));
    scraped.addAll(names(kept(scrapeStreamRuntime(), "stream-runtime")));
    scraped.addAll(names(kept(scrapeOperator(), "operator")));

    List<MonitoringExpressions.Expression> expressions = MonitoringExpressions.in(MONITORING);
    assertThat(expressions).isNotEmpty();
    List<Parsed> parsed = PromqlParser.installed().parse(
        expressions.stream().map(MonitoringExpressions.Expression::promql).toList());
    Map<String, Set<String>> missing = new TreeMap<>();
    for (int i = 0; i < parsed.size(); i++) {
      Set<String> absent = parsed.get(i).metrics().stream()
          .filter(m -> !scraped.contains(m) && !PROMETHEUS_SERIES.contains(m)).collect(Collectors.toSet());
      if (!absent.isEmpty()) {
        missing.put(expressions.get(i).where(), absent);
      }
    }
    assertThat(missing).as("metrics selected by alerts and panels but in no scrape").isEmpty();
  }

  /** A runtime streaming a table that received rows, so that every lazily made series exists too. */
  private String scrapeRuntime() throws Exception {
    pg.execute("CREATE TABLE scraped (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO scraped (id) SELECT g FROM generate_series(1, 10) g");
    Path config = new SamplePipeline("monitoring", "scraped", "scraped", pg, kafka)
        .writeTo(dir.resolve("pipeline.yaml"));
    try (ChildJvm runtime = ChildJvm.start(List.of(), CaptureRuntimeMain.class,
        List.of("run", "--config", config.toString(), "--http-port", "{port}"),
        SamplePipeline.env(pg), dir.resolve("runtime.log"))) {
      String series = "{op=\"%s\",pipeline=\"monitoring/scraped\",table=\"public.scraped\"} 10.0";
      await().atMost(Duration.ofSeconds(90)).until(() -> runtime.get("/metrics"),
          m -> m != null && m.contains("dsqlcdc_events_total" + series.formatted("r")));
      pg.execute("INSERT INTO scraped (id) SELECT g FROM generate_series(11, 20) g");
      return await().atMost(Duration.ofSeconds(60)).until(() -> runtime.get("/metrics"),
          m -> m != null && m.contains("dsqlcdc_events_total" + series.formatted("c")));
    }
  }

  /** A runtime in stream mode, relaying from kinesis-local and watching its DSQL stream (ACTIVE) at the fake. */
  private String scrapeStreamRuntime() throws Exception {
    pg.execute("CREATE TABLE stream_scraped (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())");
    kinesis.createStream("stream_scraped", 1);
    String kinesisArn = kinesis.streamArn("stream_scraped");
    String dsqlArn = FakeDsqlControlPlane.streamArn(ChangeStreamSpec.regionOf(kinesisArn).orElseThrow());
    dsqlControlPlane.stream(dsqlArn, "ACTIVE", null, kinesisArn);
    Path config = new SamplePipeline("monitoring", "stream-scraped", "stream_scraped", pg, kafka)
        .changeStream(kinesisArn, kinesis.endpoint(), dsqlArn, dsqlControlPlane.endpoint())
        .writeTo(dir.resolve("stream-pipeline.yaml"));
    Map<String, String> env = new HashMap<>(SamplePipeline.env(pg));
    env.put("AWS_ACCESS_KEY_ID", kinesis.credentials().accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", kinesis.credentials().secretAccessKey());
    try (ChildJvm runtime = ChildJvm.start(List.of(), CaptureRuntimeMain.class,
        List.of("run", "--config", config.toString(), "--http-port", "{port}"), env,
        dir.resolve("stream-runtime.log"))) {
      return await().atMost(Duration.ofSeconds(90)).until(() -> runtime.get("/metrics"), m -> m != null
          && m.contains("dsqlcdc_stream_checkpoint_age_seconds") && m.contains("dsqlcdc_stream_source_active{"));
    }
  }

  /** An operator that reconciled one pipeline and failed to reconcile another (its ConfigMap's name is taken). */
  private String scrapeOperator() throws Exception {
    KubernetesClient client = api.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("monitoring").endMetadata().build())
        .create();
    client.configMaps().inNamespace("monitoring").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("taken-config").endMetadata().addToData("owner", "someone else").build()).create();
    String value = Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, Map<String, String>> secret : Map.of("sandbox-postgres", Map.of("password", value),
        "sandbox-kafka", Map.of("username", value, "password", value)).entrySet()) {
      client.secrets().inNamespace("monitoring").resource(new SecretBuilder().withNewMetadata()
          .withName(secret.getKey()).endMetadata().withData(secret.getValue()).build()).create();
    }
    for (String name : List.of("scraped", "taken")) {
      DsqlCdcPipeline pipeline = client.resources(DsqlCdcPipeline.class)
          .load(SamplePipeline.SAMPLE.toFile()).item();
      pipeline.getMetadata().setName(name);
      pipeline.getMetadata().setNamespace("monitoring");
      client.resource(pipeline).create();
    }
    try (ChildJvm operator = ChildJvm.start(List.of("-Dkubernetes.master=" + api.masterUrl(),
            "-Dkubernetes.auth.tryKubeConfig=false", "-Dkubernetes.auth.tryServiceAccount=false",
            "-Dkubernetes.namespace=dsqlcdc-system", "-Dkubernetes.trust.certificates=true"), OperatorMain.class,
        List.of("--leader-election", "false", "--http-port", "{port}", "--reobserve-interval", "1s"), Map.of(),
        dir.resolve("operator.log"))) {
      return await().atMost(Duration.ofSeconds(90)).until(() -> operator.get("/metrics"),
          m -> m != null && m.contains("dsqlcdc_pipeline_ready{pipeline=\"monitoring/scraped\"}")
              && m.contains("reconciliations_failed"));
    }
  }

  /** Keeps the scrape in target/scrapes/ for whoever edits the dashboard next. */
  private static String kept(String scrape, String name) throws IOException {
    Files.createDirectories(Path.of("target/scrapes"));
    Files.writeString(Path.of("target/scrapes", name + ".txt"), scrape);
    return scrape;
  }

  /** Metric names of a Prometheus text scrape. */
  static Set<String> names(String scrape) {
    return scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
  }
}
