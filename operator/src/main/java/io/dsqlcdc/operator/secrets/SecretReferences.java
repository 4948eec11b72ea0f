package io.dsqlcdc.operator.secrets;

import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.KafkaAuthentication;
import io.dsqlcdc.api.spec.SecretKeyRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Every Secret key a pipeline spec refers to; these are all the credentials the runtime gets. */
public final class SecretReferences {
  private SecretReferences() {
  }

  /** The references in spec order; a spec that is incomplete (not yet validated) yields what it has. */
  public static List<SecretReference> of(DsqlCdcPipelineSpec spec) {
    List<SecretReference> refs = new ArrayList<>();
    if (spec == null) {
      return refs;
    }
    if (spec.source() != null && spec.source().auth() != null) {
      add(refs, "spec.source.auth.passwordSecret", spec.source().auth().passwordSecret());
    }
    if (spec.sink() != null) {
      KafkaAuthentication auth = spec.sink().authentication();
      if (auth != null) {
        add(refs, "spec.sink.authentication.usernameSecret", auth.usernameSecret());
        add(refs, "spec.sink.authentication.passwordSecret", auth.passwordSecret());
        add(refs, "spec.sink.authentication.certificateSecret", auth.certificateSecret());
        add(refs, "spec.sink.authentication.keySecret", auth.keySecret());
      }
      if (spec.sink().tls() != null) {
        add(refs, "spec.sink.tls.caSecret", spec.sink().tls().caSecret());
      }
    }
    return refs;
  }

  /** Names of the Secrets referred to, sorted. */
  public static Set<String> secretNames(DsqlCdcPipelineSpec spec) {
    Set<String> names = new TreeSet<>();
    of(spec).forEach(r -> names.add(r.ref().name()));
    return names;
  }

  private static void add(List<SecretReference> refs, String field, SecretKeyRef ref) {
    if (ref != null && ref.name() != null && ref.key() != null) {
      refs.add(new SecretReference(field, ref));
    }
  }
}
