package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Connection pool per endpoint. DSQL closes connections after 60 minutes, so maxLifetime stays below. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.minIdle) || self.minIdle <= (has(self.maxSize) ? self.maxSize : 10)", message = "pool.minIdle must not exceed pool.maxSize")
public record PoolSpec(
    @Min(1) @Max(1000) @JsonPropertyDescription("Default 10.")
    Integer maxSize,
    @Min(0) @Max(1000) @JsonPropertyDescription("Default 1.")
    Integer minIdle,
    @Pattern(Durations.PATTERN) @JsonPropertyDescription("How long to wait for a connection, e.g. 30s (default).")
    String connectionTimeout,
    @Pattern(Durations.PATTERN) @JsonPropertyDescription("Retire connections after this long; below 60m. Default 55m.")
    String maxLifetime) {

  public PoolSpec {
    maxSize = maxSize == null ? 10 : maxSize;
    minIdle = minIdle == null ? 1 : minIdle;
    connectionTimeout = connectionTimeout == null ? "30s" : connectionTimeout;
    maxLifetime = maxLifetime == null ? "55m" : maxLifetime;
  }

  public static PoolSpec defaults() {
    return new PoolSpec(null, null, null, null);
  }
}
