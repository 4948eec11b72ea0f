package io.dsqlcdc.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.operator.config.OperatorConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OperatorMainTest {

  static OperatorConfig parse(String... args) {
    OperatorMain main = new OperatorMain();
    new CommandLine(main).parseArgs(args);
    return main.config();
  }

  @Test
  void defaultsWatchAllNamespacesEveryFifteenSecondsWithLeaderElection() {
    OperatorConfig config = parse();
    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.reobserveInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.runtimeStatusTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.defaultRuntimeImage()).isEqualTo(OperatorConfig.DEFAULT_RUNTIME_IMAGE);
    assertThat(config.leaderElection().leaseName()).isEqualTo("dsql-cdc-operator");
    assertThat(config.httpPort()).isEqualTo(8081);
  }

  @Test
  void takesNamespacesIntervalsImageAndLeaderElectionFromOptions() {
    OperatorConfig config = parse("--namespaces", "cdc, billing", "--reobserve-interval", "1m30s",
        "--runtime-image", "mine:1", "--leader-election", "false", "--http-port", "9000");
    assertThat(config.namespaces()).containsExactlyInAnyOrder("cdc", "billing");
    assertThat(config.reobserveInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.defaultRuntimeImage()).isEqualTo("mine:1");
    assertThat(config.leaderElection()).isNull();
    assertThat(config.httpPort()).isEqualTo(9000);
  }
}
