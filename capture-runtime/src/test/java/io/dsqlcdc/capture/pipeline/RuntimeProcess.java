package io.dsqlcdc.capture.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsqlcdc.capture.CaptureRuntimeMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The runtime as a child JVM (test classpath), for SIGKILL and SIGTERM. It inherits no AWS identity or region from
 * the machine running the tests: a test that needs one passes it in {@code env}, as a pod's environment would.
 */
final class RuntimeProcess implements AutoCloseable {
  private static final List<String> AWS_IDENTITY = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ROLE_ARN",
      "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
      "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE");

  private final Process process;
  private final int httpPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private RuntimeProcess(Process process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  /** Starts {@code run} with its state stores in {@code stateDir}. */
  static RuntimeProcess start(Path config, Path stateDir, Map<String, String> env, Path log) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), CaptureRuntimeMain.class.getName(),
        "run", "--config", config.toString(), "--http-port", Integer.toString(port), "--state-dir",
        stateDir.toString()));
    builder.environment().keySet().removeAll(AWS_IDENTITY);
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new RuntimeProcess(builder.start(), port);
  }

  /** /status as JSON, or null while the runtime does not answer. */
  JsonNode status() {
    HttpResponse<String> response = get("/status");
    try {
      return response != null && response.statusCode() == 200 ? PipelineFixture.JSON.readTree(response.body()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The HTTP status of /readyz, or -1 while the runtime does not answer. */
  int readyz() {
    HttpResponse<String> response = get("/readyz");
    return response == null ? -1 : response.statusCode();
  }

  /** /metrics in Prometheus text, or null while the runtime does not answer. */
  String metrics() {
    HttpResponse<String> response = get("/metrics");
    return response != null && response.statusCode() == 200 ? response.body() : null;
  }

  /** The response to GET path, or null while the runtime does not answer. */
  HttpResponse<String> get(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown of any kind. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the runtime did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
