package io.dsqlcdc.testsupport.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl ({@link KubernetesCli#kubectl()}) run as a user runs it, against one kubeconfig. */
public final class Kubectl {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

  private final Path kubeconfig;
  private final Path workingDir;

  public Kubectl(Path kubeconfig) {
    this(kubeconfig, Path.of("").toAbsolutePath());
  }

  /** kubectl run in {@code workingDir}, so that relative paths (e.g. {@code -f samples/x.yaml}) resolve there. */
  public Kubectl(Path kubeconfig, Path workingDir) {
    this.kubeconfig = kubeconfig;
    this.workingDir = workingDir;
  }

  /** What one command printed and how it exited. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /** Runs {@code kubectl args...} to its end. */
  public Result run(String... args) {
    return runWithInput(null, args);
  }

  /** Runs {@code kubectl args...} with {@code stdin} as its input (e.g. for {@code apply -f -}). */
  public Result runWithInput(String stdin, String... args) {
    Process process = start(args);
    try {
      ProcessOutput out = new ProcessOutput(process.getInputStream(), "kubectl-out");
      ProcessOutput err = new ProcessOutput(process.getErrorStream(), "kubectl-err");
      try (var input = process.getOutputStream()) {
        if (stdin != null) {
          input.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish in " + COMMAND_TIMEOUT
            + "\nstdout:\n" + out.text() + "\nstderr:\n" + err.text());
      }
      out.join();
      err.join();
      return new Result(process.exitValue(), out.text(), err.text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(e);
    }
  }

  /** Starts a command that runs until stopped, e.g. {@code get dcp -w}; its output lines arrive as printed. */
  public Running background(String... args) {
    Process process = start(args);
    return new Running(process, new ProcessOutput(process.getInputStream(), "kubectl-out"),
        new ProcessOutput(process.getErrorStream(), "kubectl-err"));
  }

  /** A kubectl process in the background; closing it stops the process. */
  public static final class Running implements AutoCloseable {
    private final Process process;
    private final ProcessOutput out;
    private final ProcessOutput err;

    private Running(Process process, ProcessOutput out, ProcessOutput err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    /** The lines printed to stdout so far. */
    public List<String> lines() {
      return out.lines();
    }

    public String err() {
      return err.text();
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Process start(String... args) {
    List<String> command = new ArrayList<>();
    command.add(KubernetesCli.kubectl().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().remove("KUBERNETES_SERVICE_HOST");
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
