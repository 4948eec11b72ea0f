package io.dsqlcdc.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A main class of the test classpath as its own JVM, as a container runs it, with its HTTP port. */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private ChildJvm(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code mainClass}; {@code arguments} may use {@code {port}} for the free port it is given. */
  public static ChildJvm start(List<String> systemProperties, Class<?> mainClass, List<String> arguments,
      Map<String, String> env, Path log) {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path")));
    command.addAll(systemProperties);
    command.add(mainClass.getName());
    arguments.forEach(a -> command.add(a.replace("{port}", Integer.toString(port))));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      return new ChildJvm(builder.start(), port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where its HTTP server listens. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The body of GET path when it answers 200, else null. */
  public String get(String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri().resolve(path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
