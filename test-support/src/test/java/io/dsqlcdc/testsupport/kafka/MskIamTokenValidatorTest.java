package io.dsqlcdc.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.junit.jupiter.api.Test;

/** The broker-side check against tokens that aws-msk-iam-auth itself signs. */
class MskIamTokenValidatorTest {
  static final String REGION = "eu-west-1";
  static final String KEY = "AKIAMSKIAMTEST000001";
  static final String SECRET = "msk-iam-test-secret/0123456789abcdefghijklmnop";

  private static MskIamTokenValidator validator() {
    MskIamTokenValidator validator = new MskIamTokenValidator();
    validator.configure(Map.of(), "OAUTHBEARER", List.of(new AppConfigurationEntry(OAuthBearerLoginModule.class.getName(),
        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of(MskIamTokenValidator.REGION, REGION,
        MskIamTokenValidator.ACCESS_KEY_ID, KEY, MskIamTokenValidator.SECRET_ACCESS_KEY, SECRET))));
    return validator;
  }

  private static String token(String region, String key, String secret) throws Exception {
    try (MskIamClient client = new MskIamClient(region, key, secret)) {
      return client.token();
    }
  }

  @Test
  void aConnectTokenSignedForTheRegionWithTheKeyAndItsSecretIsAccepted() throws Exception {
    OAuthBearerToken accepted = validator().validate(token(REGION, KEY, SECRET), Instant.now());

    assertThat(accepted.principalName()).isEqualTo(KEY);
    assertThat(accepted.lifetimeMs() - accepted.startTimeMs()).isEqualTo(Duration.ofMinutes(15).toMillis());
  }

  @Test
  void aTokenForAnotherRegionIsRefusedNamingBothRegions() throws Exception {
    String token = token("us-east-1", KEY, SECRET);
    assertThatThrownBy(() -> validator().validate(token, Instant.now()))
        .hasMessage("the token is signed for region us-east-1, this cluster is in eu-west-1");
  }

  @Test
  void aTokenOfAnotherAccessKeyIsRefused() throws Exception {
    String token = token(REGION, "AKIAOTHERKEY00000002", SECRET);
    assertThatThrownBy(() -> validator().validate(token, Instant.now()))
        .hasMessage("access key AKIAOTHERKEY00000002 is not known to this cluster");
  }

  @Test
  void aTokenSignedWithAnotherSecretIsRefused() throws Exception {
    String token = token(REGION, KEY, "not-the-secret");
    assertThatThrownBy(() -> validator().validate(token, Instant.now()))
        .hasMessage("the signature does not match the secret key of " + KEY);
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    String token = token(REGION, KEY, SECRET);
    assertThatThrownBy(() -> validator().validate(token, Instant.now().plus(Duration.ofMinutes(16))))
        .hasMessageStartingWith("the token expired or is not yet valid");
  }

  /** A valid token whose presigned URL has {@code from} replaced by {@code to}. */
  private static String altered(String from, String to) throws Exception {
    String url = new String(Base64.getUrlDecoder().decode(token(REGION, KEY, SECRET)), StandardCharsets.UTF_8);
    assertThat(url).contains(from);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(url.replace(from, to).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aTokenForAnotherActionIsRefusedEvenWhenOtherwiseWellFormed() throws Exception {
    String other = altered("Action=kafka-cluster%3AConnect", "Action=kafka-cluster%3AWriteData");
    assertThatThrownBy(() -> validator().validate(other, Instant.now()))
        .hasMessage("Action: the request is not kafka-cluster:Connect");
  }

  @Test
  void aTokenWhoseQueryWasAlteredAfterSigningIsRefused() throws Exception {
    String longer = altered("X-Amz-Expires=900", "X-Amz-Expires=901");
    assertThatThrownBy(() -> validator().validate(longer, Instant.now()))
        .hasMessage("the signature does not match the secret key of " + KEY);
  }
}
