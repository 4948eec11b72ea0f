package io.dsqlcdc.capture.source.dsql;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4PresignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

class DsqlTokenGeneratorTest {
  static final Instant NOW = Instant.parse("2026-11-24T06:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  static final Endpoint ENDPOINT = new Endpoint("vftmkydwxvxys6asbsc6ih2the.dsql-fnh4.us-east-1.on.aws", 5432, Region.US_EAST_1);

  final DsqlTokenGenerator generator = new DsqlTokenGenerator(StaticCredentialsProvider.create(CREDENTIALS), CLOCK);

  @Test
  void theTokenIsTheSdkSignersPresignedDbConnectRequest() {
    assertThat(generator.generate(ENDPOINT, "dsql_iam_user")).isEqualTo(presignedBySdk("DbConnect"));
  }

  @Test
  void theAdminRoleGetsADbConnectAdminToken() {
    assertThat(generator.generate(ENDPOINT, "admin")).isEqualTo(presignedBySdk("DbConnectAdmin"));
  }

  @Test
  void theTokensQueryNamesActionServiceRegionAndExpiry() {
    String token = generator.generate(ENDPOINT, "dsql_iam_user");

    assertThat(token).startsWith(ENDPOINT.host() + "/?").doesNotStartWith("https://");
    Map<String, String> query = query(token);
    assertThat(query).containsEntry("Action", "DbConnect")
        .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
        .containsEntry("X-Amz-Date", "20261124T060000Z")
        .containsEntry("X-Amz-Expires", "900")
        .containsEntry("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20261124/us-east-1/dsql/aws4_request")
        .containsKey("X-Amz-Signature");
  }

  @Test
  void theTokenIsSignedForTheEndpointsOwnRegion() {
    Endpoint peer = new Endpoint("abc123.dsql-k2x9.us-east-2.on.aws", 5432, Region.US_EAST_2);

    assertThat(query(generator.generate(peer, "dsql_iam_user")).get("X-Amz-Credential"))
        .isEqualTo("AKIAIOSFODNN7EXAMPLE/20261124/us-east-2/dsql/aws4_request");
  }

  /** The same request signed by the SDK's SigV4 presigner directly, the way AWS documents a DSQL token. */
  static String presignedBySdk(String action) {
    SdkHttpFullRequest request = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.GET).protocol("https").host(ENDPOINT.host()).encodedPath("/")
        .putRawQueryParameter("Action", action).build();
    Aws4PresignerParams params = Aws4PresignerParams.builder()
        .signingClockOverride(CLOCK)
        .expirationTime(NOW.plus(DsqlTokenGenerator.TOKEN_LIFETIME))
        .awsCredentials(CREDENTIALS)
        .signingName("dsql")
        .signingRegion(Region.US_EAST_1)
        .build();
    return Aws4Signer.create().presign(request, params).getUri().toString().substring("https://".length());
  }

  static Map<String, String> query(String token) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : URI.create("https://" + token).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }
}
