package io.dsqlcdc.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle shared by every fixture: started by JUnit (per class when registered on a static field, per test on an
 * instance field, once per JVM when shared) or by hand with {@link #start()} / {@link #close()} outside JUnit.
 * A failed start releases whatever was already acquired, so nothing outlives a failing test.
 */
public abstract class Fixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
    AutoCloseable {
  private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(Fixture.class);

  private final boolean sharedPerJvm;
  private boolean running;
  private Scope startedFor;

  private enum Scope { CLASS, TEST, JVM, MANUAL }

  protected Fixture(boolean sharedPerJvm) {
    this.sharedPerJvm = sharedPerJvm;
  }

  /** Acquires the component; on failure may leave partial state for {@link #stopFixture()} to release. */
  protected abstract void startFixture() throws Exception;

  /** Releases everything {@link #startFixture()} acquired, including after a partial start. */
  protected abstract void stopFixture();

  /** Starts the component unless it runs already. */
  public final synchronized void start() {
    startAs(Scope.MANUAL);
  }

  /** Stops the component and deletes its processes, ports and temp dirs; a no-op when it is not running. */
  @Override
  public final synchronized void close() {
    if (running) {
      running = false;
      startedFor = null;
      stopFixture();
    }
  }

  /** True between a start and the matching close. */
  public final synchronized boolean isRunning() {
    return running;
  }

  protected final synchronized void requireRunning() {
    if (!running) {
      throw new IllegalStateException(getClass().getSimpleName() + " is not running");
    }
  }

  private void startAs(Scope scope) {
    if (running) {
      return;
    }
    long begin = System.nanoTime();
    try {
      startFixture();
    } catch (RuntimeException | Error e) {
      stopFixture();
      throw e;
    } catch (Exception e) {
      stopFixture();
      throw new IllegalStateException(getClass().getSimpleName() + " failed to start", e);
    }
    running = true;
    startedFor = scope;
    LoggerFactory.getLogger(getClass()).info("{} started in {} ms", getClass().getSimpleName(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
  }

  /** Deletes a directory tree; a missing or null directory is fine, so it can run after a partial start. */
  public static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    startIn(context, Scope.CLASS);
  }

  @Override
  public synchronized void beforeEach(ExtensionContext context) {
    startIn(context, Scope.TEST);
  }

  private void startIn(ExtensionContext context, Scope scope) {
    if (running) {
      return;
    }
    if (sharedPerJvm) {
      startAs(Scope.JVM);
      context.getRoot().getStore(SHARED).getOrComputeIfAbsent(this, key -> (ExtensionContext.Store.CloseableResource) this::close);
    } else {
      startAs(scope);
    }
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) {
    if (startedFor == Scope.TEST) {
      close();
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (startedFor == Scope.CLASS) {
      close();
    }
  }
}
