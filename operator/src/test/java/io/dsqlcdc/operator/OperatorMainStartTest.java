package io.dsqlcdc.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.fabric8.kubernetes.client.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** The command as a pod runs it: the API server from the environment, probes and metrics on its HTTP port. */
class OperatorMainStartTest {
  @RegisterExtension
  static final KubernetesMockExtension API = KubernetesMockExtension.create();
  static final Map<String, String> CLIENT_PROPERTIES = Map.of(
      Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, "",
      Config.KUBERNETES_NAMESPACE_SYSTEM_PROPERTY, "operator",
      Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false",
      Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "false");

  @BeforeEach
  void pointTheClientAtTheMock() {
    CLIENT_PROPERTIES.forEach((k, v) -> System.setProperty(k, v.isEmpty() ? API.masterUrl() : v));
  }

  @AfterEach
  void forgetTheMock() {
    CLIENT_PROPERTIES.keySet().forEach(System::clearProperty);
  }

  @Test
  void startsReportsReadyAndServesMetrics() throws Exception {
    OperatorMain main = new OperatorMain();
    new CommandLine(main).parseArgs("--leader-election", "false", "--http-port", "0");
    try (OperatorMain.Running running = main.start()) {
      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + running.http().port());
      await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(base.resolve("/readyz")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
      String metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("jvm_memory_used_bytes");
      assertThat(http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    }
  }
}
