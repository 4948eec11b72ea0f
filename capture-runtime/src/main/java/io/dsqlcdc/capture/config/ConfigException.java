package io.dsqlcdc.capture.config;

/** A config file the runtime cannot run: names the offending field (exit code 2). */
public class ConfigException extends RuntimeException {
  private final String field;

  public ConfigException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
