package io.dsqlcdc.operator.secrets;

import io.dsqlcdc.api.spec.SecretKeyRef;
import io.dsqlcdc.operator.reconciler.Hashes;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resolves a spec's Secret references against the Secrets that exist in the pipeline's namespace. */
public final class SecretCheck {
  private final List<SecretReference> references;
  private final Map<String, Secret> secretsByName;

  public SecretCheck(List<SecretReference> references, Map<String, Secret> secretsByName) {
    this.references = List.copyOf(references);
    this.secretsByName = Map.copyOf(secretsByName);
  }

  /** One line per reference that cannot be resolved, naming the Secret, the key and the field. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (SecretReference r : references) {
      Secret secret = secretsByName.get(r.ref().name());
      if (secret == null) {
        problems.add("Secret " + r.ref().name() + " not found (" + r.field() + ")");
      } else if (value(secret, r.ref().key()).isEmpty()) {
        problems.add("Secret " + r.ref().name() + " has no key " + r.ref().key() + " (" + r.field() + ")");
      }
    }
    return problems.stream().distinct().toList();
  }

  /**
   * A digest of the referenced values only: it changes when one of them is rotated, not when an unrelated key of
   * the same Secret does. The values themselves never leave this method.
   */
  public String digest() {
    StringBuilder text = new StringBuilder();
    references.stream()
        .map(SecretReference::ref)
        .distinct()
        .sorted(Comparator.comparing(SecretKeyRef::envVarName))
        .forEach(r -> text.append(r.envVarName()).append('=')
            .append(Optional.ofNullable(secretsByName.get(r.name())).flatMap(s -> value(s, r.key())).orElse(""))
            .append('\n'));
    return Hashes.of(text.toString());
  }

  private static Optional<String> value(Secret secret, String key) {
    return Optional.ofNullable(secret.getData()).map(d -> d.get(key));
  }
}
