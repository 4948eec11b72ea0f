package io.dsqlcdc.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretKeyRefTest {

  @Test
  void envVarNameIsUpperCaseWithEveryOtherCharacterAsUnderscore() {
    assertThat(new SecretKeyRef("confluent", "api-key").envVarName()).isEqualTo("SECRET_CONFLUENT_API_KEY");
    assertThat(new SecretKeyRef("pg.creds-1", "pass.word").envVarName()).isEqualTo("SECRET_PG_CREDS_1_PASS_WORD");
  }

  @Test
  void toStringNamesTheSecretButHoldsNoValue() {
    assertThat(new SecretKeyRef("confluent", "api-secret")).hasToString("secret confluent key api-secret");
  }
}
