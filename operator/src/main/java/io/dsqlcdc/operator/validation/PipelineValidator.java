package io.dsqlcdc.operator.validation;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.validation.SpecValidator;
import io.dsqlcdc.api.validation.Violation;
import io.dsqlcdc.operator.secrets.SecretCheck;
import io.dsqlcdc.operator.secrets.SecretReference;
import io.dsqlcdc.operator.secrets.SecretReferences;
import io.dsqlcdc.operator.status.PipelineFacts.Blocker;
import io.dsqlcdc.operator.status.Reasons;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The checks the CRD cannot make: the api's SpecValidator, what Kubernetes needs of the names the operator derives,
 * and whether every referenced Secret key exists.
 */
public final class PipelineValidator {
  /** The Service is named after the pipeline, and Service names are DNS-1035 labels. */
  private static final String SERVICE_NAME = "^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";

  private PipelineValidator() {
  }

  /** Problems with the spec itself (reason InvalidSpec), field by field. */
  public static List<Violation> specViolations(DsqlCdcPipeline p) {
    List<Violation> violations = new ArrayList<>();
    String name = p.getMetadata().getName();
    if (name == null || !name.matches(SERVICE_NAME)) {
      violations.add(new Violation("metadata.name", "'" + name + "' must be at most 63 lower-case letters, digits "
          + "and '-', starting with a letter, since the runtime's Service is named after it"));
    }
    violations.addAll(SpecValidator.validate(p.getSpec()));
    Map<String, SecretReference> byEnvVar = new HashMap<>();
    for (SecretReference r : SecretReferences.of(p.getSpec())) {
      SecretReference other = byEnvVar.putIfAbsent(r.ref().envVarName(), r);
      if (other != null && !other.ref().equals(r.ref())) {
        violations.add(new Violation(r.field(), r.ref() + " and " + other.ref() + " (" + other.field()
            + ") map to the same environment variable " + r.ref().envVarName() + "; rename one"));
      }
    }
    return violations;
  }

  /** Why the spec cannot be applied now, or empty when it can. */
  public static Optional<Blocker> blocker(DsqlCdcPipeline p, SecretCheck secrets) {
    List<Violation> violations = specViolations(p);
    if (!violations.isEmpty()) {
      return Optional.of(new Blocker(Reasons.INVALID_SPEC,
          violations.stream().map(Violation::toString).collect(Collectors.joining("; "))));
    }
    List<String> missing = secrets.problems();
    if (!missing.isEmpty()) {
      return Optional.of(new Blocker(Reasons.SECRET_NOT_FOUND, String.join("; ", missing)));
    }
    return Optional.empty();
  }
}
