package io.dsqlcdc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchMainTest {
  @Test
  void restartKeysBelowAThousandAreRefusedWithTheOptionNamedBeforeAnythingRuns() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchMain()).setErr(new PrintWriter(err));
    assertThat(cli.execute("--restart-keys", "1000000,0", "--scenario", "7")).isEqualTo(2);
    assertThat(err.toString()).contains("--restart-keys").contains("at least 1000");
  }

  @Test
  void hardDeleteRowsBelowTenThousandAreRefusedWithTheOptionNamedBeforeAnythingRuns() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchMain()).setErr(new PrintWriter(err));
    assertThat(cli.execute("--hard-delete-rows", "500", "--scenario", "9")).isEqualTo(2);
    assertThat(err.toString()).contains("--hard-delete-rows").contains("at least 10000");
  }
}
