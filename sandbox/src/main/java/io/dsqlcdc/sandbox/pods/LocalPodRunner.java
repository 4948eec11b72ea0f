package io.dsqlcdc.sandbox.pods;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet and Deployment controller of the sandbox: for every Deployment in the API it keeps one local process
 * running as its pod template says (none at 0 replicas), starts a new one when the template changes (Recreate),
 * restarts one that exits, and writes the Deployment's status from the process's readiness endpoint.
 */
public final class LocalPodRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPodRunner.class);

  private final KubernetesClient client;
  private final PodLaunchResolver resolver;
  private final Path baseDir;
  private final Map<String, LocalPod> pods = new ConcurrentHashMap<>();
  private final Map<String, DeploymentStatus> written = new ConcurrentHashMap<>();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "local-pod-runner");
    t.setDaemon(true);
    return t;
  });
  private SharedIndexInformer<Deployment> deployments;
  private int podSerial;
  private volatile boolean closed;

  /**
   * A runner whose pods get {@code podIdentity} in their environment besides their container's, as a cluster's
   * identity webhook (IRSA, EKS Pod Identity) adds AWS credentials to a pod without them being in its spec.
   */
  public LocalPodRunner(KubernetesClient client, ImageCommands images, Path baseDir, Map<String, String> podIdentity) {
    this.client = client;
    this.resolver = new PodLaunchResolver(client, images, podIdentity);
    this.baseDir = baseDir;
  }

  public void start() {
    deployments = client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Deployment d) {
        loop.execute(LocalPodRunner.this::sync);
      }

      @Override
      public void onUpdate(Deployment before, Deployment after) {
        loop.execute(LocalPodRunner.this::sync);
      }

      @Override
      public void onDelete(Deployment d, boolean unknownFinalState) {
        loop.execute(LocalPodRunner.this::sync);
      }
    });
    loop.scheduleWithFixedDelay(this::sync, 0, 500, TimeUnit.MILLISECONDS);
  }

  /** The local port of a Deployment's HTTP server, once its pod runs. */
  public OptionalInt httpPort(String namespace, String name) {
    LocalPod pod = pods.get(key(namespace, name));
    return pod == null ? OptionalInt.empty() : OptionalInt.of(pod.launch().httpPort());
  }

  /** How often the Deployment's current pod was restarted after its process exited. */
  public int restarts(String namespace, String name) {
    LocalPod pod = pods.get(key(namespace, name));
    return pod == null ? 0 : pod.restarts();
  }

  /** The last lines the Deployment's current pod wrote, as {@code kubectl logs --tail} shows them. */
  public List<String> logTail(String namespace, String name, int lines) {
    LocalPod pod = pods.get(key(namespace, name));
    if (pod == null) {
      return List.of();
    }
    Path log = pod.launch().workDir().resolve(LocalPod.LOG_FILE);
    try (Stream<String> all = Files.lines(log)) {
      List<String> content = all.toList();
      return content.subList(Math.max(0, content.size() - lines), content.size());
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  /** Whether the Deployment's current pod answers its readiness endpoint. */
  public boolean isReady(String namespace, String name) {
    LocalPod pod = pods.get(key(namespace, name));
    return pod != null && pod.isReady();
  }

  /** The process id of the Deployment's running pod, for tests that kill it. */
  public Optional<Long> pid(String namespace, String name) {
    LocalPod pod = pods.get(key(namespace, name));
    return pod == null || pod.pid() < 0 ? Optional.empty() : Optional.of(pod.pid());
  }

  private synchronized void sync() {
    if (closed) {
      return;
    }
    try {
      Set<String> live = new HashSet<>();
      for (Deployment deployment : deployments.getStore().list()) {
        live.add(key(deployment));
        syncOne(deployment);
      }
      for (String gone : Set.copyOf(pods.keySet())) {
        if (!live.contains(gone)) {
          LOG.info("Deployment {} deleted: stopping its pod", gone);
          stopPod(gone);
          written.remove(gone);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("pod runner sync failed; retrying", e);
    }
  }

  private void syncOne(Deployment deployment) {
    String key = key(deployment);
    int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    if (replicas == 0) {
      stopPod(key);
      writeStatus(deployment, 0, false, "MinimumReplicasAvailable", "scaled to 0");
      return;
    }
    LocalPod pod = pods.get(key);
    String templateHash = resolver.hash(deployment.getSpec().getTemplate());
    if (pod != null && !pod.launch().templateHash().equals(templateHash)) {
      LOG.info("pod template of {} changed: replacing its pod", key);
      stopPod(key);
      pod = null;
    }
    if (pod == null) {
      try {
        pod = startPod(deployment);
      } catch (PodLaunchException e) {
        writeStatus(deployment, replicas, false, e.reason(), e.getMessage());
        return;
      }
    }
    pod.restartIfExited();
    boolean ready = pod.isReady();
    writeStatus(deployment, replicas, ready, ready ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        ready ? "pod is ready" : pod.isAlive() ? "pod is not ready" : "container exited; restarting");
  }

  private LocalPod startPod(Deployment deployment) throws PodLaunchException {
    String namespace = deployment.getMetadata().getNamespace();
    String podName = deployment.getMetadata().getName() + "-" + (++podSerial);
    Path workDir = baseDir.resolve(namespace).resolve(podName);
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PodLaunch launch = resolver.resolve(namespace, podName, deployment.getSpec().getTemplate(), workDir);
    LocalPod pod = new LocalPod(launch);
    pod.start();
    pods.put(key(deployment), pod);
    LOG.info("started pod {}/{} (pid {}, http port {}, log {})", namespace, podName, pod.pid(), launch.httpPort(),
        workDir.resolve("container.log"));
    return pod;
  }

  private void stopPod(String key) {
    LocalPod pod = pods.remove(key);
    if (pod != null) {
      pod.stop();
    }
  }

  private void writeStatus(Deployment deployment, int replicas, boolean ready, String reason, String message) {
    int available = ready ? replicas : 0;
    DeploymentCondition availableCondition = new DeploymentConditionBuilder()
        .withType("Available").withStatus(ready || replicas == 0 ? "True" : "False")
        .withReason(reason).withMessage(message).build();
    DeploymentStatus status = new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(replicas == 0 ? null : replicas)
        .withUpdatedReplicas(replicas == 0 ? null : replicas)
        .withReadyReplicas(available == 0 ? null : available)
        .withAvailableReplicas(available == 0 ? null : available)
        .withUnavailableReplicas(replicas - available == 0 ? null : replicas - available)
        .withConditions(availableCondition)
        .build();
    String key = key(deployment);
    if (sameStatus(written.get(key), status)) {
      return;
    }
    try {
      availableCondition.setLastTransitionTime(Instant.now().toString());
      availableCondition.setLastUpdateTime(availableCondition.getLastTransitionTime());
      Deployment latest = client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
          .withName(deployment.getMetadata().getName()).get();
      if (latest == null) {
        return;
      }
      latest.setStatus(status);
      client.apps().deployments().resource(latest).updateStatus();
      written.put(key, status);
    } catch (KubernetesClientException e) {
      LOG.warn("cannot write status of Deployment {}: {}", key, e.getMessage());
    }
  }

  private static boolean sameStatus(DeploymentStatus before, DeploymentStatus after) {
    if (before == null) {
      return false;
    }
    DeploymentCondition b = before.getConditions().get(0);
    DeploymentCondition a = after.getConditions().get(0);
    return Objects.equals(before.getObservedGeneration(), after.getObservedGeneration())
        && Objects.equals(before.getReplicas(), after.getReplicas())
        && Objects.equals(before.getAvailableReplicas(), after.getAvailableReplicas())
        && Objects.equals(b.getStatus(), a.getStatus()) && Objects.equals(b.getReason(), a.getReason())
        && Objects.equals(b.getMessage(), a.getMessage());
  }

  @Override
  public void close() {
    closed = true;
    if (deployments != null) {
      deployments.close();
    }
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pods.keySet().forEach(this::stopPod);
    deleteRecursively(baseDir);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.getMessage());
    }
  }

  private static String key(Deployment deployment) {
    return key(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
