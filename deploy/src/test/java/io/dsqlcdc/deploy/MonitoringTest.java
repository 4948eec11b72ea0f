package io.dsqlcdc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.operator.reconciler.DesiredDeployment;
import io.dsqlcdc.testsupport.promql.MonitoringExpressions;
import io.dsqlcdc.testsupport.promql.MonitoringExpressions.Expression;
import io.dsqlcdc.testsupport.promql.PromqlParser;
import io.dsqlcdc.testsupport.promql.PromqlParser.Parsed;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/monitoring as Prometheus and Grafana will read it: expressions that Prometheus's own grammar parses, an
 * alert for each failure an SRE pages on with a runbook in the README, and monitors that select what the operator
 * really deploys. That every selected metric exists is ScrapedMetricsTest's (sandbox) job.
 */
class MonitoringTest {
  static final Path MONITORING = Path.of("monitoring");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static JsonNode yaml(String file) throws IOException {
    return YAML.readTree(MONITORING.resolve(file).toFile());
  }

  @Test
  void everyRulePanelAndVariableExpressionParsesWithPrometheusGrammar() {
    List<Expression> expressions = MonitoringExpressions.in(MONITORING);
    assertThat(expressions).extracting(Expression::where)
        .anyMatch(w -> w.startsWith("prometheus-rule.yaml"))
        .anyMatch(w -> w.startsWith("dsqlcdc-dashboard.json: panel"))
        .anyMatch(w -> w.startsWith("dsqlcdc-dashboard.json: variable"));
    List<Parsed> parsed = PromqlParser.installed().parse(expressions.stream().map(Expression::promql).toList());
    Map<String, List<String>> errors = new TreeMap<>();
    for (int i = 0; i < parsed.size(); i++) {
      if (!parsed.get(i).errors().isEmpty()) {
        errors.put(expressions.get(i).where() + ": " + expressions.get(i).promql(), parsed.get(i).errors());
      }
      assertThat(parsed.get(i).metrics()).as("metrics of %s", expressions.get(i).where()).isNotEmpty();
    }
    assertThat(errors).as("expressions with parse errors").isEmpty();
  }

  @Test
  void theAlertsCoverWhatAnSreIsPagedFor() {
    assertThat(MonitoringExpressions.alerts(MONITORING)).extracting(a -> a.path("alert").asText()).contains(
        "DsqlCdcPipelineNotReady", "DsqlCdcCaptureLagHigh", "DsqlCdcRuntimeRestarting", "DsqlCdcTableFailing",
        "DsqlCdcSnapshotStalled", "DsqlCdcOperatorDown", "DsqlCdcSinkNotConnected", "DsqlCdcStreamCheckpointAging",
        "DsqlCdcChangeStreamInactive");
  }

  @Test
  void everyAlertHasASeverityASummaryAndARunbookAnchorThatTheReadmeHas() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    for (JsonNode alert : MonitoringExpressions.alerts(MONITORING)) {
      String name = alert.path("alert").asText();
      assertThat(alert.at("/labels/severity").asText()).as(name).isIn("warning", "critical");
      assertThat(alert.at("/annotations/summary").asText()).as(name).isNotBlank();
      String runbook = alert.at("/annotations/runbook_url").asText();
      assertThat(runbook).as(name).contains("/README.md#");
      String anchor = runbook.substring(runbook.indexOf('#') + 1);
      assertThat(readme).as("README anchor of %s", name).contains("<a id=\"" + anchor + "\"></a>");
    }
  }

  @Test
  void thePodMonitorSelectsTheRuntimePodsTheOperatorRendersOnTheirHttpPort() throws IOException {
    DsqlCdcPipeline pipeline = YAML.readValue(Path.of("../samples/seed-event-headers.yaml").toFile(),
        DsqlCdcPipeline.class);
    pipeline.getMetadata().setUid("uid-1");
    Deployment deployment = DesiredDeployment.of(pipeline, new DesiredDeployment.Inputs("config", "digest", "image"));
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    Set<String> ports = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
        .map(ContainerPort::getName).collect(Collectors.toSet());

    JsonNode monitor = yaml("runtime-pod-monitor.yaml");
    assertThat(monitor.path("kind").asText()).isEqualTo("PodMonitor");
    assertThat(monitor.at("/spec/namespaceSelector/any").asBoolean()).as("pipelines live in any namespace").isTrue();
    monitor.at("/spec/selector/matchLabels").fields()
        .forEachRemaining(l -> assertThat(podLabels).containsEntry(l.getKey(), l.getValue().asText()));
    assertThat(ports).contains(monitor.at("/spec/podMetricsEndpoints/0/port").asText());
    assertThat(monitor.at("/spec/podMetricsEndpoints/0/path").asText()).isEqualTo("/metrics");
  }

  @Test
  void theServiceMonitorSelectsTheOperatorsMetricsServiceAndPort() throws IOException {
    JsonNode service = YAML.readTree(Path.of("base/metrics-service.yaml").toFile());
    JsonNode monitor = yaml("operator-service-monitor.yaml");
    assertThat(monitor.path("kind").asText()).isEqualTo("ServiceMonitor");
    monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(l ->
        assertThat(service.at("/metadata/labels").path(l.getKey()).asText()).isEqualTo(l.getValue().asText()));
    List<String> servicePorts = new ArrayList<>();
    service.at("/spec/ports").forEach(p -> servicePorts.add(p.path("name").asText()));
    assertThat(servicePorts).contains(monitor.at("/spec/endpoints/0/port").asText());
    String job = service.at("/metadata/labels").path(monitor.at("/spec/jobLabel").asText()).asText();
    assertThat(yaml("prometheus-rule.yaml").toString()).as("the operator-down alert names the job")
        .contains("up{job=\\\"" + job + "\\\"}");
  }

  @Test
  void kustomizeRendersTheMonitorsTheRulesAndTheDashboardConfigMapInTheOperatorsNamespace() throws Exception {
    List<JsonNode> docs = KustomizeRenderTest.render("monitoring");
    assertThat(docs).extracting(d -> d.path("kind").asText() + " " + d.at("/metadata/name").asText())
        .containsExactlyInAnyOrder("ServiceMonitor dsqlcdc-operator", "PodMonitor dsqlcdc-runtimes",
            "PrometheusRule dsqlcdc", "ConfigMap dsqlcdc-grafana-dashboard");
    assertThat(docs).allSatisfy(d -> assertThat(d.at("/metadata/namespace").asText()).isEqualTo("dsqlcdc-system"));
    JsonNode dashboard = KustomizeRenderTest.find(docs, "ConfigMap", "dsqlcdc-grafana-dashboard");
    assertThat(new ObjectMapper().readTree(dashboard.at("/data/dsqlcdc-dashboard.json").asText()).path("uid").asText())
        .isEqualTo("dsqlcdc-pipelines");
  }

  @Test
  void theKustomizationListsEveryManifestAndTheDashboard() throws IOException {
    JsonNode kustomization = yaml("kustomization.yaml");
    List<String> listed = new ArrayList<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    kustomization.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> listed.add(f.asText())));
    try (Stream<Path> files = Files.list(MONITORING)) {
      assertThat(listed).containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString())
          .filter(f -> !f.equals("kustomization.yaml")).toList());
    }
    assertThat(kustomization.at("/configMapGenerator/0/options/labels/grafana_dashboard").asText()).isEqualTo("1");
  }
}
