package io.dsqlcdc.sandbox.pods;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A pod template turned into a local process: what to run, with which environment, where, on which port. */
public record PodLaunch(List<String> command, Map<String, String> environment, Path workDir, int httpPort,
    String templateHash) {

  public PodLaunch {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }
}
