package io.dsqlcdc.testsupport.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A package from the npm registry at a pinned version, installed once with the machine's npm into a cache folder
 * shared by every test JVM on the machine ({@code $DSQLCDC_TOOLS_CACHE}, else {@code ~/.cache/dsqlcdc/tools}).
 * Nothing is vendored in the repository: a fresh machine with Node.js and npm installs it on first use.
 */
public record NpmPackage(String name, String version) {
  private static final long INSTALL_TIMEOUT_MINUTES = 10;

  /** The cache folder every installed tool lives under. */
  public static Path cacheRoot() {
    String configured = System.getenv("DSQLCDC_TOOLS_CACHE");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "dsqlcdc", "tools");
  }

  /**
   * The package's folder ({@code .../node_modules/<name>}), installing it first when absent. Concurrent callers,
   * also in other JVMs, wait on a file lock instead of installing twice.
   */
  public Path install() {
    Path prefix = cacheRoot().resolve("npm").resolve(name.replace('/', '+') + "@" + version);
    Path packageDir = prefix.resolve("node_modules").resolve(name);
    Path done = prefix.resolve(".installed");
    return withLock(prefix, () -> {
      if (!Files.exists(done)) {
        run(List.of("npm", "install", "--prefix", prefix.toString(), "--no-save", "--no-audit", "--no-fund",
            "--loglevel=error", name + "@" + version), prefix);
        Files.writeString(done, version);
      }
      return packageDir;
    });
  }

  interface LockedWork<T> {
    T run() throws IOException, InterruptedException;
  }

  static <T> T withLock(Path dir, LockedWork<T> work) {
    try {
      Files.createDirectories(dir);
      try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
        return work.run();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing into " + dir, e);
    }
  }

  private void run(List<String> command, Path dir) throws IOException, InterruptedException {
    Path log = dir.resolve("install.log");
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("npm install of " + name + "@" + version + " did not finish in "
          + INSTALL_TIMEOUT_MINUTES + " min; see " + log);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("npm install of " + name + "@" + version + " failed (exit "
          + process.exitValue() + "): " + Files.readString(log).strip());
    }
  }
}
