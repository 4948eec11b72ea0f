package io.dsqlcdc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class BenchMainTest {
  @ParameterizedTest
  @CsvSource({"--restart-keys, '1000000,0', 7, at least 1000 ", "--hard-delete-rows, 500, 9, at least 10000 ",
      "--stream-heap-keys, '1000000,500', 11, at least 10000 "})
  void tableSizesBelowTheScenariosMinimumAreRefusedWithTheOptionNamedBeforeAnythingRuns(String option, String sizes,
                                                                                        String scenario, String why) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchMain()).setErr(new PrintWriter(err));
    assertThat(cli.execute(option, sizes, "--scenario", scenario)).isEqualTo(2);
    assertThat(err.toString()).contains(option).contains(why);
  }
}
