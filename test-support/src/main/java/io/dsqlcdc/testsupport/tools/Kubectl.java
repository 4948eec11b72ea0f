package io.dsqlcdc.testsupport.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The real kubectl ({@link KubernetesCli#kubectl()}) run as a user runs it, against one kubeconfig. */
public final class Kubectl {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

  private final Path kubeconfig;

  public Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
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
      Streamed out = new Streamed(process.getInputStream());
      Streamed err = new Streamed(process.getErrorStream());
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
    return new Running(process, new Streamed(process.getInputStream()), new Streamed(process.getErrorStream()));
  }

  /** A kubectl process in the background; closing it stops the process. */
  public static final class Running implements AutoCloseable {
    private final Process process;
    private final Streamed out;
    private final Streamed err;

    private Running(Process process, Streamed out, Streamed err) {
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
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().remove("KUBERNETES_SERVICE_HOST");
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One output stream of the process, read line by line on a thread of its own. */
  private static final class Streamed {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    Streamed(InputStream stream) {
      reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          lines.add("(output unreadable: " + e.getMessage() + ")");
        }
      }, "kubectl-output");
      reader.setDaemon(true);
      reader.start();
    }

    List<String> lines() {
      return List.copyOf(lines);
    }

    String text() {
      return String.join("\n", lines);
    }

    void join() throws InterruptedException {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    }
  }
}
