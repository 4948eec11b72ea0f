package io.dsqlcdc.sandbox;

import static org.awaitility.Awaitility.await;

import io.dsqlcdc.testsupport.tools.ProcessOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shaded {@code sandbox.jar} run as a user runs it ({@code java -jar sandbox/target/sandbox.jar} from the
 * repository root), its console read line by line.
 */
final class SandboxJar implements AutoCloseable {
  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final Duration START_UP = Duration.ofMinutes(4);

  private final Process process;
  private final ProcessOutput console;

  private SandboxJar(Process process) {
    this.process = process;
    this.console = new ProcessOutput(process.getInputStream(), "sandbox-console");
  }

  /** Starts the jar with {@code args} and waits for its start-up block to end. */
  static SandboxJar start(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("sandbox.jar", REPOSITORY.resolve("sandbox/target/sandbox.jar").toString())));
    command.addAll(List.of(args));
    try {
      SandboxJar jar = new SandboxJar(new ProcessBuilder(command).directory(REPOSITORY.toFile())
          .redirectErrorStream(true).start());
      try {
        await().atMost(START_UP).until(() -> jar.console().contains("Stop with Ctrl-C.") || !jar.process.isAlive());
      } catch (RuntimeException e) {
        jar.close();
        throw e;
      }
      if (!jar.process.isAlive()) {
        throw new IllegalStateException("the sandbox exited at start:\n" + String.join("\n", jar.console()));
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> console() {
    return console.lines();
  }

  /** The console up to the end of the start-up block. */
  List<String> startUpBlock() {
    List<String> lines = console();
    return lines.subList(0, lines.indexOf("Stop with Ctrl-C.") + 1);
  }

  /** The capture runtime processes the sandbox's pod runner has running now. */
  long runtimeProcesses() {
    return process.descendants().filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().orElse("").contains("CaptureRuntimeMain")).count();
  }

  /** Stops the sandbox as Ctrl-C does (SIGTERM); returns its exit code. */
  int stop() {
    // the handle's destroy, unlike Process.destroy, leaves the output streams open: the last lines can still be read
    process.toHandle().destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return process.exitValue();
  }

  /** The processes the sandbox started (its runtime pods), to check they end with it. */
  List<ProcessHandle> descendants() {
    return process.descendants().toList();
  }

  /** Stops the sandbox if a test has not, and whatever it left running. */
  @Override
  public void close() {
    List<ProcessHandle> children = descendants();
    if (process.isAlive()) {
      stop();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}
