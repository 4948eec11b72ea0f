package io.dsqlcdc.sandbox.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One pod's container as a local child process, restarted like a kubelet does when it exits. */
final class LocalPod {
  static final String LOG_FILE = "container.log";
  private static final Duration GRACE = Duration.ofSeconds(15);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final PodLaunch launch;
  private Process process;
  private int restarts;
  private long nextStartNanos;

  LocalPod(PodLaunch launch) {
    this.launch = launch;
  }

  PodLaunch launch() {
    return launch;
  }

  int restarts() {
    return restarts;
  }

  synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  synchronized void start() {
    ProcessBuilder builder = new ProcessBuilder(launch.command()).directory(launch.workDir().toFile());
    // A container sees only its own environment; PATH is kept so the local entrypoint can be found.
    String path = builder.environment().get("PATH");
    builder.environment().clear();
    if (path != null) {
      builder.environment().put("PATH", path);
    }
    builder.environment().putAll(launch.environment());
    Path log = launch.workDir().resolve(LOG_FILE);
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + launch.command().get(0), e);
    }
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Restarts an exited container once its back-off (1 s doubling to 30 s, as CrashLoopBackOff) has passed. */
  synchronized void restartIfExited() {
    if (process == null || process.isAlive()) {
      return;
    }
    long now = System.nanoTime();
    if (nextStartNanos == 0) {
      long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(restarts, 5));
      nextStartNanos = now + TimeUnit.MILLISECONDS.toNanos(backoff);
      return;
    }
    if (now >= nextStartNanos) {
      nextStartNanos = 0;
      restarts++;
      start();
    }
  }

  /** True when the container's readiness endpoint answers 200, as the runtime's readiness probe asks. */
  boolean isReady() {
    if (!isAlive()) {
      return false;
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + launch.httpPort() + "/readyz"))
        .timeout(Duration.ofSeconds(2)).build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGTERM, then SIGKILL after the grace period, as a pod deletion does. */
  synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
