package io.dsqlcdc.bench;

import io.dsqlcdc.bench.report.ResultsReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar bench/target/bench.jar [--quick]}: runs every scenario, prints the table, writes RESULTS.md (also
 * after each scenario, marked partial).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks the capture runtime against Debezium and the raw limits, side by side in one run.")
public final class BenchMain implements Callable<Integer> {
  static {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "bench-logback.xml");
    }
  }

  @Option(names = "--quick", description = "Small sizes: a smoke test, not a measurement.")
  boolean quick;

  @Option(names = "--output", paramLabel = "FILE", description = "Markdown results (default: ${DEFAULT-VALUE}).")
  Path output = Path.of(Files.isDirectory(Path.of("bench")) ? "bench/RESULTS.md" : "RESULTS.md");

  @Option(names = "--jfr", paramLabel = "DIR", description = "Record each runtime child with JFR into DIR.")
  Path jfrDir;

  @Option(names = "--scenario", paramLabel = "N", split = ",",
      description = "Run only these scenarios (1-5, 7-11; memory, 6, comes with each; 10 and 11 need Node.js and "
          + "npm for the local Kinesis, and are skipped without). Default: all.")
  Set<Integer> scenarios = Set.of(1, 2, 3, 4, 5, 7, 8, 9, 10, 11);

  @Spec
  CommandSpec spec;

  @Option(names = "--restart-keys", paramLabel = "KEYS", split = ",",
      description = "Table sizes of scenario 7 (state restart), instead of the profile's (full: 1000000,5000000).")
  List<Integer> restartKeys;

  @Option(names = "--hard-delete-rows", paramLabel = "ROWS", split = ",",
      description = "Table sizes of scenario 9 (hard deletes), instead of the profile's (full: 1000000,10000000).")
  List<Integer> hardDeleteRows;

  @Option(names = "--stream-heap-keys", paramLabel = "KEYS", split = ",",
      description = "Table sizes of scenario 11 (stream heap), instead of the profile's (full: 1000000,10000000).")
  List<Integer> streamHeapKeys;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (jfrDir != null) {
      Files.createDirectories(jfrDir);
    }
    BenchProfile profile = quick ? BenchProfile.quick() : BenchProfile.full();
    if (restartKeys != null) {
      profile = profile.withRestartKeys(sizes("--restart-keys", restartKeys, 1_000, "1000000,5000000"));
    }
    if (hardDeleteRows != null) {
      profile = profile.withHardDeleteRows(sizes("--hard-delete-rows", hardDeleteRows, 10_000, "1000000,10000000"));
    }
    if (streamHeapKeys != null) {
      profile = profile.withStreamHeapKeys(sizes("--stream-heap-keys", streamHeapKeys, 10_000, "1000000,10000000"));
    }
    Benchmark.Result result = new Benchmark(profile, jfrDir, scenarios, this::writePartial).run();
    String markdown = result.report().markdown();
    System.out.println(markdown);
    Files.writeString(output, markdown);
    System.out.println("written to " + output.toAbsolutePath());
    return result.failures().isEmpty() ? 0 : 1;
  }

  /** Table sizes given to {@code option}, refused (exit 2, the option named) when one is below {@code min}. */
  private List<Integer> sizes(String option, List<Integer> sizes, int min, String example) {
    if (sizes.isEmpty() || sizes.stream().anyMatch(k -> k < min)) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": give table sizes of at least " + min
          + " each, e.g. " + example + "; got " + sizes);
    }
    return sizes;
  }

  private void writePartial(ResultsReport report) {
    try {
      Files.writeString(output, report.markdown());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output, e);
    }
  }
}
