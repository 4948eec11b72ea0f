package io.dsqlcdc.operator.install;

import io.dsqlcdc.operator.OperatorMain;
import io.dsqlcdc.testsupport.kubernetes.KubernetesMockExtension;
import io.dsqlcdc.testsupport.kubernetes.Manifests;
import io.dsqlcdc.testsupport.kubernetes.RecordedRequest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One replica of the operator as its rendered Deployment runs it: a JVM with the operator's main class and the
 * container's env (values, field references and ConfigMap keys resolved as the kubelet does) and args, against the
 * mock API as if it were the pod's API server. The one change is the HTTP port, passed as {@code --http-port} with a
 * free port: a pod has its own network namespace, replicas on one machine do not.
 */
public final class DeployedOperator implements AutoCloseable {
  private static final Path LOGS = Path.of("target", "deployed-operator");

  private final String podName;
  private final Process process;
  private final Path log;

  private DeployedOperator(String podName, Process process, Path log) {
    this.podName = podName;
    this.process = process;
    this.log = log;
  }

  /** Starts the replica {@code podName} of the install's operator Deployment against the mock API. */
  public static DeployedOperator start(Manifests install, String podName, KubernetesMockExtension api) {
    Deployment deployment = install.get(Deployment.class, "dsqlcdc-operator");
    String namespace = deployment.getMetadata().getNamespace();
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    if (containers.size() != 1 || containers.get(0).getCommand() != null && !containers.get(0).getCommand().isEmpty()) {
      throw new IllegalArgumentException("expected one container running the image's entrypoint: " + containers);
    }
    Container container = containers.get(0);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OperatorMain.class.getName()));
    if (container.getArgs() != null) {
      command.addAll(container.getArgs());
    }
    command.addAll(List.of("--http-port", String.valueOf(freePort())));
    try {
      Files.createDirectories(LOGS);
      Path log = LOGS.resolve(podName + ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().clear();
      builder.environment().putAll(podEnvironment(install, container, namespace, podName));
      // what the in-cluster configuration finds in a pod, here pointing at the mock API
      builder.environment().put("KUBERNETES_MASTER", api.masterUrl());
      builder.environment().put("KUBERNETES_NAMESPACE", namespace);
      builder.environment().put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
      builder.environment().put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
      return new DeployedOperator(podName, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The container's environment as the kubelet resolves it for this pod. */
  static Map<String, String> podEnvironment(Manifests install, Container container, String namespace, String pod) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : container.getEnv()) {
      env.put(var.getName(), var.getValueFrom() == null ? nullToEmpty(var.getValue())
          : resolve(install, var.getValueFrom(), namespace, pod, var.getName()));
    }
    return env;
  }

  private static String resolve(Manifests install, EnvVarSource source, String namespace, String pod, String name) {
    if (source.getFieldRef() != null) {
      return switch (source.getFieldRef().getFieldPath()) {
        case "metadata.name" -> pod;
        case "metadata.namespace" -> namespace;
        default -> throw new IllegalArgumentException(name + ": unsupported fieldRef " + source.getFieldRef());
      };
    }
    if (source.getConfigMapKeyRef() != null) {
      ConfigMap map = install.get(ConfigMap.class, source.getConfigMapKeyRef().getName());
      String value = map.getData().get(source.getConfigMapKeyRef().getKey());
      if (value == null) {
        throw new IllegalArgumentException(name + ": ConfigMap " + map.getMetadata().getName() + " has no key "
            + source.getConfigMapKeyRef().getKey());
      }
      return value;
    }
    throw new IllegalArgumentException(name + ": unsupported valueFrom " + source);
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String podName() {
    return podName;
  }

  /** The User-Agent this replica's requests carry. */
  public String userAgent() {
    return OperatorMain.userAgent(podName);
  }

  /** Every request this replica made to the mock API (told apart from others' by its User-Agent). */
  public List<RecordedRequest> requests(KubernetesMockExtension api) {
    return api.requests().stream().filter(r -> r.userAgent().equals(userAgent())).toList();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The JVM's exit code; the replica must have exited. */
  public int exitCode() {
    return process.exitValue();
  }

  /** Stops the replica as the kubelet does when the pod is deleted: SIGTERM, then waits for the JVM to exit. */
  public void stop() {
    process.destroy();
    awaitExit();
  }

  /** Ends the replica at once, as a node failure or OOM kill would: SIGKILL. */
  public void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /** What the replica logged, for assertion messages. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(podName + " did not exit within 30 s of being stopped");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
