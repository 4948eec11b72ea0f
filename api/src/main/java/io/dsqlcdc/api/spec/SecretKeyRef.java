package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Locale;

/**
 * A key of a Secret in the pipeline's namespace. The runtime never sees the Secret: it reads the value
 * from the environment variable {@link #envVarName()}, which the operator fills with a secretKeyRef.
 */
public record SecretKeyRef(
    @Required @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$") String name,
    @Required @Pattern("^[-._a-zA-Z0-9]{1,253}$") String key) {

  /** {@code SECRET_<NAME>_<KEY>}, upper case, every character other than a letter or digit as {@code _}. */
  @JsonIgnore
  public String envVarName() {
    return ("SECRET_" + name + "_" + key).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  @Override
  public String toString() {
    return "secret " + name + " key " + key;
  }
}
