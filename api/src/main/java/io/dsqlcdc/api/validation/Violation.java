package io.dsqlcdc.api.validation;

/** One reason a spec cannot run: the field's path (e.g. {@code spec.tables[1].cursor}) and why. */
public record Violation(String field, String reason) {

  @Override
  public String toString() {
    return field + ": " + reason;
  }
}
