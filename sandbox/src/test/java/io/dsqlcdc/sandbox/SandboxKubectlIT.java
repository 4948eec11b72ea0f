package io.dsqlcdc.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.testsupport.tools.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's first minutes: {@code java -jar sandbox/target/sandbox.jar}, then the real kubectl 1.35 with the
 * kubeconfig the sandbox wrote, each command as the README shows it, and the operator reacting. The steps build on
 * each other (one sandbox, one pipeline), so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxKubectlIT {
  static final Duration WAIT = Duration.ofMinutes(3);
  static final String SAMPLE = "samples/sandbox.yaml";
  @TempDir
  static Path dir;
  static SandboxJar sandbox;
  static Kubectl kubectl;

  @BeforeAll
  static void startTheSandbox() {
    sandbox = SandboxJar.start("--no-apply", "--kubeconfig", dir.resolve("kubeconfig").toString(),
        "--log", dir.resolve("sandbox.log").toString());
    kubectl = new Kubectl(dir.resolve("kubeconfig"));
  }

  @AfterAll
  static void stopTheSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  static Kubectl.Result ok(Kubectl.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }

  static String sample() throws Exception {
    return Files.readString(SandboxJar.REPOSITORY.resolve(SAMPLE));
  }

  @Test
  @Order(1)
  void theStartUpBlockSaysWhatRunsWhereHowToUseKubectlAndHowToStopWithoutLibraryNoise() {
    List<String> block = sandbox.startUpBlock();
    assertThat(block).contains("  export KUBECONFIG=" + dir.resolve("kubeconfig"), "  kubectl get dcp -w",
        "Stop with Ctrl-C.");
    assertThat(String.join("\n", block)).contains("PostgreSQL (the DSQL stand-in)", "Kafka (KRaft, SASL/PLAIN)",
        "Kubernetes API (fabric8 mock)", "Library output                  " + dir.resolve("sandbox.log"));
    assertThat(block).noneMatch(line -> line.contains("logback") || line.contains("Formatting")
        || line.contains("metadata.version") || line.contains("SLF4J") || line.matches(".*\\b(INFO|WARN|ERROR)\\b.*"));
    assertThat(dir.resolve("sandbox.log")).exists();
  }

  @Test
  @Order(2)
  void applyingTheSampleCreatesThePipelineAndTheOperatorMakesItReady() {
    assertThat(ok(kubectl.run("apply", "-f", SandboxJar.REPOSITORY.resolve(SAMPLE).toString())).out())
        .isEqualTo("dsqlcdcpipeline.dsqlcdc.io/demo created");
    assertThat(ok(kubectl.run("wait", "--for=condition=Ready", "dcp/demo", "--timeout=180s")).out())
        .isEqualTo("dsqlcdcpipeline.dsqlcdc.io/demo condition met");
    assertThat(sandbox.runtimeProcesses()).isEqualTo(1);
  }

  @Test
  @Order(3)
  void getShowsThePrinterColumns() {
    List<String> lines = ok(kubectl.run("get", "dcp")).out().lines().toList();
    assertThat(lines.get(0).split("\\s+")).containsExactly("NAME", "PHASE", "READY", "TABLES", "LAG", "AGE");
    assertThat(lines.get(1).split("\\s+")).startsWith("demo", "Streaming", "True", "2/2");
  }

  @Test
  @Order(4)
  void describeShowsTheStatusAndTheOperatorsEvents() {
    String described = ok(kubectl.run("describe", "dcp", "demo")).out();
    assertThat(described).contains("Name:         demo", "Namespace:    sandbox").containsPattern("Phase: +Streaming")
        .containsPattern("Normal +Created .* Deployment demo created");
  }

  @Test
  @Order(5)
  void getAllWithTheInstanceLabelSelectsThePipelinesDeployment() {
    assertThat(ok(kubectl.run("get", "all", "-l", "app.kubernetes.io/instance=demo")).out())
        .contains("deployment.apps/demo").containsPattern("deployment.apps/demo +1/1");
  }

  @Test
  @Order(6)
  void aMergePatchToStoppedScalesTheRuntimeToZeroAndGetWatchShowsIt() {
    try (Kubectl.Running watch = kubectl.background("get", "dcp", "-w")) {
      await().atMost(WAIT).until(() -> watch.lines().size() >= 2);
      assertThat(ok(kubectl.run("patch", "dcp", "demo", "--type", "merge", "-p", "{\"spec\":{\"state\":\"stopped\"}}"))
          .out()).isEqualTo("dsqlcdcpipeline.dsqlcdc.io/demo patched");
      await().atMost(WAIT).until(() -> watch.lines().stream().anyMatch(l -> l.matches("demo +Stopped +False.*")));
    }
    assertThat(ok(kubectl.run("get", "deployment", "demo", "-o", "jsonpath={.spec.replicas}")).out()).isEqualTo("0");
    await().atMost(WAIT).until(() -> sandbox.runtimeProcesses() == 0);
  }

  @Test
  @Order(7)
  void aMergePatchBackToRunningStartsTheRuntimeAgain() {
    ok(kubectl.run("patch", "dcp", "demo", "--type", "merge", "-p", "{\"spec\":{\"state\":\"running\"}}"));
    ok(kubectl.run("wait", "--for=jsonpath={.status.phase}=Streaming", "dcp/demo", "--timeout=180s"));
    assertThat(sandbox.runtimeProcesses()).isEqualTo(1);
  }

  @Test
  @Order(8)
  void aSpecBreakingACelRuleIsRefusedNamingTheFieldAndTheRule() throws Exception {
    Kubectl.Result refused = kubectl.runWithInput(sample().replace("minIdle: 1", "minIdle: 9"), "apply", "-f", "-");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("The DsqlCdcPipeline \"demo\" is invalid: spec.source.pool: "
        + "Invalid value: \"object\": pool.minIdle must not exceed pool.maxSize");
  }

  @Test
  @Order(9)
  void theResourceAsYamlRoundTripsThroughApplyWithoutANewGeneration() {
    String generation = ok(kubectl.run("get", "dcp", "demo", "-o", "jsonpath={.metadata.generation}")).out();
    String yaml = ok(kubectl.run("get", "dcp", "demo", "-o", "yaml")).out();
    ok(kubectl.runWithInput(yaml, "apply", "-f", "-"));
    assertThat(ok(kubectl.run("get", "dcp", "demo", "-o", "jsonpath={.metadata.generation}")).out())
        .isEqualTo(generation);
  }

  @Test
  @Order(10)
  void deleteRemovesThePipelineWhatItOwnedAndItsRuntime() {
    assertThat(ok(kubectl.run("delete", "dcp", "demo")).out()).contains("\"demo\" deleted");
    assertThat(ok(kubectl.run("get", "deployments,services,configmaps,serviceaccounts", "-l",
        "app.kubernetes.io/instance=demo")).err()).contains("No resources found");
    await().atMost(WAIT).until(() -> sandbox.runtimeProcesses() == 0);
  }

  @Test
  @Order(11)
  void ctrlCStopsEveryComponentAndProcess() {
    List<ProcessHandle> started = sandbox.descendants();
    assertThat(sandbox.stop()).as("exit code after SIGTERM").isIn(0, 143);
    await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.console().contains("Sandbox stopped."));
    await().atMost(Duration.ofSeconds(30)).until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
  }
}
