package io.dsqlcdc.capture.cli;

import io.dsqlcdc.capture.event.RuntimeVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the runtime's version, as events carry it. */
public final class RuntimeVersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"capture-runtime " + RuntimeVersion.VERSION};
  }
}
