package io.dsqlcdc.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SandboxMainTest {
  static final List<String> NO_NODE = List.of("Node.js: no `node` on the PATH (kinesis-local 0.6.2 runs on Node.js 20)",
      "npm: no `npm` on the PATH (it installs kinesis-local 0.6.2 on first use)");

  @TempDir
  Path dir;

  @Test
  void streamModeWithoutNodeSaysWhatToInstallAndExitsNonZeroBeforeStartingAnything() {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    StringWriter errors = new StringWriter();
    CommandLine sandbox = SandboxMain.commandLine(
        new SandboxMain(new PrintStream(console, true, StandardCharsets.UTF_8), () -> NO_NODE));
    sandbox.setErr(new PrintWriter(errors, true));

    int exitCode = sandbox.execute("--mode", "stream", "--log", dir.resolve("sandbox.log").toString());

    assertThat(exitCode).isEqualTo(SandboxMain.MISSING_PREREQUISITES).isNotZero();
    assertThat(errors.toString()).contains(
        "Stream mode runs a local Kinesis emulator (the npm package kinesis-local 0.6.2) on Node.js, and this machine "
            + "lacks:",
        "  - " + NO_NODE.get(0), "  - " + NO_NODE.get(1),
        "Install Node.js 20 or later with npm", "Poll mode (without --mode stream) needs neither.");
    assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(dir.resolve("sandbox.log")).doesNotExist();
  }
}
