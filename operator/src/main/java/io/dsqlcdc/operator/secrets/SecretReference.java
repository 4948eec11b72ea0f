package io.dsqlcdc.operator.secrets;

import io.dsqlcdc.api.spec.SecretKeyRef;

/** A Secret key the spec refers to, with the spec field that names it (for messages). */
public record SecretReference(String field, SecretKeyRef ref) {
}
