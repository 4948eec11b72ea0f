package io.dsqlcdc.operator.secrets;

import static io.dsqlcdc.operator.TestPipelines.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.operator.TestPipelines;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretCheckTest {

  static String digest(Secret secret) {
    return new SecretCheck(SecretReferences.of(spec()), Map.of("confluent", secret)).digest();
  }

  @Test
  void digestChangesWhenAReferencedValueIsRotated() {
    assertThat(digest(TestPipelines.kafkaSecret("key", "secret-2")))
        .isNotEqualTo(digest(TestPipelines.kafkaSecret("key", "secret-1")));
  }

  @Test
  void digestIgnoresKeysTheSpecDoesNotReferTo() {
    Secret plain = TestPipelines.kafkaSecret("key", "secret");
    Secret withExtra = TestPipelines.secret("confluent", Map.of("api-key", "key", "api-secret", "secret", "other", "x"));
    assertThat(digest(withExtra)).isEqualTo(digest(plain));
  }

  @Test
  void digestDoesNotContainTheValues() {
    assertThat(digest(TestPipelines.kafkaSecret("key", "secret"))).hasSize(16).doesNotContain("secret");
  }

  @Test
  void listsEveryReferenceOfTheSpecWithItsField() {
    assertThat(SecretReferences.of(spec())).extracting(SecretReference::field)
        .containsExactly("spec.sink.authentication.usernameSecret", "spec.sink.authentication.passwordSecret");
    assertThat(SecretReferences.secretNames(spec())).containsExactly("confluent");
  }
}
