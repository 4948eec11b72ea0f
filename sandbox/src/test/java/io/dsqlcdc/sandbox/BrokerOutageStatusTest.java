package io.dsqlcdc.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.capture.CaptureRuntimeMain;
import io.dsqlcdc.operator.PipelineOperator;
import io.dsqlcdc.operator.config.OperatorConfig;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource's status while its Kafka broker (a child JVM) goes away and comes back: the operator reads the real
 * runtime's /status (its own JVM) into the conditions, and the events keep exactly once.
 */
class BrokerOutageStatusTest {
  static final String NAMESPACE = "outage";

  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.childProcess();
  @RegisterExtension
  static KubernetesMockExtension api = KubernetesMockExtension.create();

  @TempDir
  Path dir;

  @Test
  void theResourceTurnsNotReadyNamingTheLostBrokerAndReadyAgainOnceItIsBack() throws Exception {
    pg.execute("CREATE TABLE outage_rows (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO outage_rows (id) SELECT g FROM generate_series(1, 20) g");
    SamplePipeline sample = new SamplePipeline(NAMESPACE, "outage", "outage_rows", pg, kafka);
    KubernetesClient client = api.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    String value = Base64.getEncoder().encodeToString(pg.capturePassword().getBytes(StandardCharsets.UTF_8));
    client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("sandbox-postgres")
        .endMetadata().withData(Map.of("password", value)).build()).create();
    client.resource(sample.resource()).create();

    try (ChildJvm runtime = ChildJvm.start(List.of(), CaptureRuntimeMain.class, List.of("run", "--config",
            sample.writeTo(dir.resolve("pipeline.yaml")).toString(), "--http-port", "{port}"),
            SamplePipeline.env(pg), dir.resolve("runtime.log"));
         PipelineOperator operator = PipelineOperator.start(client, new OperatorConfig(Set.of(), "runtime:test",
             Duration.ofSeconds(1), Duration.ofSeconds(2), null, 0), p -> Optional.of(runtime.uri()),
             new SimpleMeterRegistry(), "outage-operator")) {
      makeAvailable(await().atMost(Duration.ofSeconds(30)).until(
          () -> client.apps().deployments().inNamespace(NAMESPACE).withName("outage").get(), Objects::nonNull));
      awaitCondition("Ready", c -> "True".equals(c.getStatus()), Duration.ofSeconds(120));

      kafka.stopBroker();
      long lost = System.nanoTime();
      pg.execute("INSERT INTO outage_rows (id) SELECT g FROM generate_series(21, 40) g");
      Condition ready = awaitCondition("Ready", c -> "False".equals(c.getStatus()), Duration.ofSeconds(20));
      double notReadyAfter = (System.nanoTime() - lost) / 1e9;
      assertThat(ready.getReason()).isEqualTo("SinkNotConnected");
      assertThat(ready.getMessage()).startsWith("sink " + kafka.bootstrapServers() + ": ");
      Condition sink = awaitCondition("SinkConnected", c -> "False".equals(c.getStatus()), Duration.ofSeconds(5));
      assertThat(sink.getReason()).isIn("Unreachable", "CommitStalled");

      kafka.startBroker();
      long back = System.nanoTime();
      awaitCondition("Ready", c -> "True".equals(c.getStatus()), Duration.ofSeconds(60));
      double readyAfter = (System.nanoTime() - back) / 1e9;
      assertThat(condition("SinkConnected").getStatus()).isEqualTo("True");
      System.out.printf("FIGURE broker outage: the resource Ready=False/SinkNotConnected %.1f s after the broker"
          + " stopped (operator re-reads /status every 1 s), Ready=True %.1f s after it was back%n",
          notReadyAfter, readyAfter);

      List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(60))
          .until(() -> kafka.readCommitted("outage.public.outage_rows"), r -> r.size() >= 40);
      List<String> keys = records.stream().map(ConsumerRecord::key).toList();
      assertThat(keys).as("40 rows, each once, read_committed").hasSize(40).doesNotHaveDuplicates();
      assertThat(keys.stream().collect(Collectors.toSet())).hasSize(40);
    }
  }

  /** Acts out the deployment controller: the runtime's pod (the child JVM) is up. */
  private static void makeAvailable(Deployment d) {
    d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
    api.client().resource(d).updateStatus();
  }

  private static Condition condition(String type) {
    DsqlCdcPipeline p = api.client().resources(DsqlCdcPipeline.class).inNamespace(NAMESPACE).withName("outage").get();
    return p == null || p.getStatus() == null ? null : p.getStatus().conditions().stream()
        .filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static Condition awaitCondition(String type, Predicate<Condition> wanted, Duration within) {
    return await().atMost(within).pollInterval(Duration.ofMillis(200))
        .until(() -> condition(type), c -> c != null && wanted.test(c));
  }
}
