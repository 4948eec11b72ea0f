package io.dsqlcdc.bench.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsqlcdc.bench.environment.BenchEnvironment;
import io.dsqlcdc.bench.environment.ScratchDirectory;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The capture runtime as a child JVM ({@code CaptureRuntimeMain run --config FILE --http-port N}) started from this
 * JVM's class path, so its heap and RSS are its own. Read through its /status and /metrics like an operator would.
 */
public final class RuntimeProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");
  private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  private final RuntimeSettings settings;
  private final Path workDir;
  private final Process process;
  private final int httpPort;
  private final long launchedNanos;
  private final HttpClient http = HttpClient.newHttpClient();

  private RuntimeProcess(RuntimeSettings settings, Path workDir, Process process, int httpPort, long launchedNanos) {
    this.settings = settings;
    this.workDir = workDir;
    this.process = process;
    this.httpPort = httpPort;
    this.launchedNanos = launchedNanos;
  }

  /**
   * Creates the run's topics, starts the runtime and waits until it serves /status.
   *
   * @param jvmOptions extra options for the child JVM, e.g. a flight recording
   */
  public static RuntimeProcess start(BenchEnvironment environment, RuntimeSettings settings, List<String> jvmOptions)
      throws IOException, InterruptedException {
    Set<String> existing = existingTopics(environment);
    for (String table : settings.tables()) {
      if (!existing.contains(settings.topic(table))) {
        environment.kafka().createTopic(settings.topic(table), 1);
      }
    }
    Path workDir = Files.createTempDirectory("dsqlcdc-bench-runtime-");
    Path config = Files.writeString(workDir.resolve("pipeline.yaml"), yaml(environment, settings));
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(settings.jvmOptions());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.dsqlcdc.capture.CaptureRuntimeMain",
        "run", "--config", config.toString(), "--http-port", String.valueOf(port)));
    if (settings.stateDir() != null) {
      command.addAll(List.of("--state-dir", settings.stateDir().toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("runtime.log").toFile());
    builder.environment().put("SECRET_PG_PASSWORD", environment.postgres().capturePassword());
    if (settings.changeStream() != null) {
      builder.environment().put("AWS_ACCESS_KEY_ID", settings.changeStream().credentials().accessKeyId());
      builder.environment().put("AWS_SECRET_ACCESS_KEY", settings.changeStream().credentials().secretAccessKey());
    }
    long launched = System.nanoTime();
    RuntimeProcess runtime = new RuntimeProcess(settings, workDir, builder.start(), port, launched);
    try {
      runtime.awaitServing();
      return runtime;
    } catch (IOException | InterruptedException | RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  private static Set<String> existingTopics(BenchEnvironment environment) throws IOException, InterruptedException {
    try {
      return environment.kafka().adminClient().listTopics().names().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot list the broker's topics", e);
    }
  }

  /** When the process was launched ({@link System#nanoTime()}), for start-to-streaming figures. */
  public long launchedNanos() {
    return launchedNanos;
  }

  /** The runtime's /status document. */
  public JsonNode status() throws IOException, InterruptedException {
    return JSON.readTree(get("/status"));
  }

  /** Whether the runtime's log so far mentions {@code text} (e.g. an OutOfMemoryError). */
  public boolean logMentions(String text) throws IOException {
    return Files.readString(log()).contains(text);
  }

  private static String yaml(BenchEnvironment environment, RuntimeSettings s) {
    PostgresExtension pg = environment.postgres();
    String hardDeletes = s.hardDeleteScanInterval() == null ? ""
        : ", hardDeletes: {enabled: true, scanInterval: " + s.hardDeleteScanInterval() + "}";
    // stream mode versions rows by their commit time in the stream, so its tables need no cursor column
    String cursor = s.changeStream() == null ? ", cursor: updated_at" : "";
    String tables = s.tables().stream().map(t -> "{name: public." + t + cursor + hardDeletes + "}")
        .collect(Collectors.joining(", ", "[", "]"));
    String changeStream = s.changeStream() == null ? ""
        : "\n    changeStream: {kinesisStreamArn: '%s', endpoint: '%s', startPosition: %s}".formatted(
            s.changeStream().streamArn(), s.changeStream().endpoint(), s.changeStream().startPosition());
    return """
        apiVersion: dsqlcdc.io/v1alpha1
        kind: DsqlCdcPipeline
        metadata: {name: %s, namespace: bench}
        spec:
          source:
            endpoints: [%s]
            port: %d
            database: %s
            user: %s
            auth: {type: password, passwordSecret: {name: pg, key: password}}
            tls: {mode: verify-full, caFile: '%s'}%s
          tables: %s
          capture:
            pollInterval: %s
            maxPollInterval: %s
            batchSize: %d
            parallelism: %d
            maxTransactionDuration: %s
            snapshot: %s
          sink:
            bootstrapServers: %s
            topicPrefix: %s
            format: {schemas: false}
        """.formatted(s.label(), pg.host(), pg.port(), pg.database(), pg.captureUser(), pg.caCertificateFile(),
        changeStream, tables, s.pollInterval(), s.maxPollInterval(), s.batchSize(), s.parallelism(),
        s.maxTransactionDuration(), s.snapshot() ? "initial" : "never", environment.kafka().bootstrapServers(), s.label());
  }

  private void awaitServing() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("runtime exited with " + process.exitValue() + ": " + logTail());
      }
      try {
        get("/status");
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("runtime did not serve /status within 60 s: " + logTail(), e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** Waits until every table's state is {@code state} (e.g. Streaming). */
  public void awaitTables(String state, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!allTables(state)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("runtime tables not all " + state + ": " + get("/status") + "\n" + logTail());
      }
      Thread.sleep(50);
    }
  }

  private boolean allTables(String state) throws IOException, InterruptedException {
    JsonNode tables = status().path("tables");
    if (tables.size() < settings.tables().size()) {
      return false;
    }
    for (JsonNode table : tables) {
      if (!state.equals(table.path("state").asText())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until the sum of the metric's series (those with {@code label}, e.g. {@code op="r"}, when not null)
   * reaches {@code target}; fails when the runtime exits or the timeout passes.
   */
  public void awaitMetric(String name, String label, double target, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      double value;
      try {
        PrometheusText metrics = metrics();
        value = label == null ? metrics.sum(name) : metrics.sum(name, label);
      } catch (IOException e) {
        checkAlive();
        value = 0;
      }
      if (value >= target) {
        return;
      }
      checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + (long) value + " of " + (long) target + " " + name
            + (label == null ? "" : "{" + label + "}") + " within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(100);
    }
  }

  public PrometheusText metrics() throws IOException, InterruptedException {
    return new PrometheusText(get("/metrics"));
  }

  private String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  /** Fails with the log's tail when the runtime has exited. */
  public void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException("runtime exited with " + process.exitValue() + ": " + logTail());
    }
  }

  /** Heap in use right after a full GC (jcmd GC.run, then GC.heap_info), in MiB. */
  public double heapAfterGcMiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
    if (!m.find()) {
      throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
    }
    return Long.parseLong(m.group(2)) / 1024.0;
  }

  /** Resident set size of the runtime process, in MiB. */
  public double rssMiB() throws IOException {
    Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", String.valueOf(process.pid()), "status")));
    if (!m.find()) {
      throw new IllegalStateException("no VmRSS for " + process.pid());
    }
    return Long.parseLong(m.group(1)) / 1024.0;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        String.valueOf(process.pid()), command).redirectErrorStream(true).start();
    String out = new String(jcmd.getInputStream().readAllBytes());
    if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  public Path log() {
    return workDir.resolve("runtime.log");
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Stops the runtime with SIGTERM (it finishes its open transaction), killing it if it does not exit in time. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    ScratchDirectory.delete(workDir);
  }
}
