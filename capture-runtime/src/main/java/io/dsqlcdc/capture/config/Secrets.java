package io.dsqlcdc.capture.config;

import io.dsqlcdc.api.spec.SecretKeyRef;
import java.util.Map;

/** Secret values read from the environment ({@link SecretKeyRef#envVarName()}). Never printed. */
public final class Secrets {
  private final Map<String, String> byEnvVar;

  Secrets(Map<String, String> byEnvVar) {
    this.byEnvVar = Map.copyOf(byEnvVar);
  }

  /** The secret's value; the loader has checked that every referenced secret is present. */
  public String value(SecretKeyRef ref) {
    String v = byEnvVar.get(ref.envVarName());
    if (v == null) {
      throw new IllegalStateException(ref + " was not resolved from " + ref.envVarName());
    }
    return v;
  }

  @Override
  public String toString() {
    return "Secrets" + byEnvVar.keySet();
  }
}
