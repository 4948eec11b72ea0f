package io.dsqlcdc.testsupport.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;

/**
 * The broker as a child JVM ({@code kafka.Kafka server.properties}, classpath of the test JVM), so a fault test can
 * stop it and start it again on the same ports and log directory, as a broker restart in production would.
 */
final class ChildProcessBroker implements Broker {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final BrokerSettings settings;
  private final Path workDir;
  private final int port;
  private final int controllerPort;
  /** A port per extra listener. */
  private final Map<String, Integer> listenerPorts = new LinkedHashMap<>();
  private boolean formatted;
  private Process process;
  private Thread killOnExit;

  ChildProcessBroker(BrokerSettings settings, Path workDir) {
    this.settings = settings;
    this.workDir = workDir;
    this.port = freePort();
    this.controllerPort = freePort();
    settings.extraListeners().keySet().forEach(listener -> listenerPorts.put(listener, freePort()));
  }

  @Override
  public void start() throws IOException, InterruptedException {
    if (process != null) {
      return;
    }
    Path config = workDir.resolve("server.properties");
    if (!formatted) {
      writeConfig(config);
      Process format = launch("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
          "-c", config.toString());
      if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
        format.destroyForcibly();
        throw new IllegalStateException("formatting Kafka storage failed:\n" + logTail());
      }
      formatted = true;
    }
    process = launch("kafka.Kafka", config.toString());
    Process started = process;
    killOnExit = new Thread(started::destroyForcibly, "kill-kafka-child");
    Runtime.getRuntime().addShutdownHook(killOnExit);
    awaitReady(started);
  }

  private void awaitReady(Process started) {
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
      Awaitility.await("Kafka child broker ready").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200))
          .until(() -> {
            if (!started.isAlive()) {
              throw new IllegalStateException("Kafka child broker exited with " + started.exitValue() + ":\n" + logTail());
            }
            try {
              return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
            } catch (ExecutionException | TimeoutException notYet) {
              return false;
            }
          });
    }
  }

  @Override
  public void stop() {
    if (process == null) {
      return;
    }
    try {
      process.destroy();
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
      process = null;
    }
  }

  @Override
  public void destroy() {
    stop();
  }

  @Override
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public String bootstrapServers(String listener) {
    Integer listenerPort = listenerPorts.get(listener);
    return listenerPort == null ? null : "127.0.0.1:" + listenerPort;
  }

  private void writeConfig(Path file) throws IOException {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", "1");
    properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    properties.put("controller.listener.names", "CONTROLLER");
    properties.put("inter.broker.listener.name", "PLAINTEXT");
    String listeners = "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort;
    String advertised = "PLAINTEXT://127.0.0.1:" + port;
    String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
    for (Map.Entry<String, String> listener : settings.extraListeners().entrySet()) {
      String address = listener.getKey() + "://127.0.0.1:" + listenerPorts.get(listener.getKey());
      listeners += "," + address;
      advertised += "," + address;
      protocols += "," + listener.getKey() + ":" + listener.getValue();
    }
    properties.put("listeners", listeners);
    properties.put("advertised.listeners", advertised);
    properties.put("listener.security.protocol.map", protocols);
    properties.put("log.dirs", workDir.resolve("data").toString());
    properties.putAll(settings.properties());
    Properties stored = new Properties();
    stored.putAll(properties);
    try (Writer writer = Files.newBufferedWriter(file)) {
      stored.store(writer, "single-node KRaft broker for tests");
    }
  }

  private Process launch(String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms64m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"),
        mainClass));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("broker.log").toFile()))
        .start();
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(workDir.resolve("broker.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no broker log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
