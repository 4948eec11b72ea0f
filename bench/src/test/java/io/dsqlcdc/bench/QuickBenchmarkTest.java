package io.dsqlcdc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.bench.report.ResultRow;
import io.dsqlcdc.bench.report.Subject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's --quick profile as a smoke test: the same code as a real run, small. It checks that the run works
 * (every subject delivered every row, every scenario has its figures), never how fast anything was.
 */
class QuickBenchmarkTest {
  private static Benchmark.Result result;

  @BeforeAll
  static void runQuickBenchmark() throws Exception {
    result = new Benchmark(BenchProfile.quick(), null, Set.of(1, 2, 3, 4, 5, 7, 8), report -> { }).run();
  }

  @Test
  void everySubjectDeliversEveryRow() {
    assertThat(result.failures()).isEmpty();
  }

  @Test
  void everyScenarioReportsTheRuntimesFigureBesideItsPeersAndLimits() {
    List<ResultRow> rows = result.context().rows();
    assertThat(rows).extracting(ResultRow::scenario).contains("1. Snapshot", "2. Streaming", "3. Latency",
        "4. Late-row cost", "5. Idle cost", "6. Memory", "7. State restart", "8. Window heap");
    assertThat(rows).allSatisfy(row -> assertThat(row.figure(Subject.RUNTIME)).isNotNull());
    assertThat(figuresOf(rows, "1. Snapshot")).containsExactlyInAnyOrder(Subject.RUNTIME, Subject.SEED_COMPAT,
        Subject.DEBEZIUM, Subject.DEBEZIUM_TUNED, Subject.JDBC_READ, Subject.PRODUCER);
    assertThat(figuresOf(rows, "2. Streaming"))
        .containsExactlyInAnyOrder(Subject.RUNTIME, Subject.SEED_COMPAT, Subject.DEBEZIUM, Subject.DEBEZIUM_TUNED);
    assertThat(rows).filteredOn(row -> row.scenario().equals("3. Latency") && row.metric().contains("poll 1 s"))
        .allSatisfy(row -> assertThat(row.figures().keySet())
            .containsExactlyInAnyOrder(Subject.RUNTIME, Subject.SEED_COMPAT, Subject.DEBEZIUM));
  }

  @Test
  void theReportShowsTheMachineAndEveryRow() {
    String markdown = result.report().markdown();
    assertThat(markdown).contains("- Cores: ", "- Memory: ", "- JDK: ", "- Kafka: 4.3.0", "- Debezium: 3.6");
    assertThat(markdown.lines().filter(line -> line.startsWith("| ")).count())
        .isEqualTo(result.context().rows().size() + 2);
  }

  private static List<Subject> figuresOf(List<ResultRow> rows, String scenario) {
    return rows.stream().filter(row -> row.scenario().equals(scenario)).findFirst().orElseThrow()
        .figures().keySet().stream().toList();
  }
}
