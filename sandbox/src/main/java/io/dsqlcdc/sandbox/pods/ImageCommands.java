package io.dsqlcdc.sandbox.pods;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What runs locally in place of a container image: the image's entrypoint as a local command, looked up by a
 * fragment of the image name (e.g. {@code capture-runtime} for {@code ghcr.io/dsql-cdc/capture-runtime:0.1.0}).
 */
public final class ImageCommands {
  private final Map<String, List<String>> entrypoints = new LinkedHashMap<>();

  /**
   * Runs images whose name contains {@code imageFragment} as {@code java -cp classpath mainClass}; relative
   * classpath entries are made absolute, since each pod runs in its own working directory.
   */
  public ImageCommands javaMain(String imageFragment, String classpath, String mainClass) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String absolute = Arrays.stream(classpath.split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
    entrypoints.put(imageFragment, List.of(java, "-cp", absolute, mainClass));
    return this;
  }

  Optional<List<String>> entrypointFor(String image) {
    return entrypoints.entrySet().stream()
        .filter(e -> image != null && image.contains(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst();
  }
}
