package io.dsqlcdc.capture.event;

/** The runtime's version, as events carry it in {@code source.version}. */
public final class RuntimeVersion {
  public static final String VERSION = version();

  private RuntimeVersion() {
  }

  private static String version() {
    String v = RuntimeVersion.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
