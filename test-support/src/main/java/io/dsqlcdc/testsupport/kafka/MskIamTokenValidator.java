package io.dsqlcdc.testsupport.kafka;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallback;

/**
 * The broker side of Amazon MSK IAM access control over SASL/OAUTHBEARER, for tests: the token must be the
 * base64url-encoded URL of a SigV4-presigned {@code GET https://kafka.<region>.amazonaws.com/?Action=kafka-cluster:Connect}
 * (what aws-msk-iam-auth's {@code IAMOAuthBearerLoginCallbackHandler} sends), signed for service {@code kafka-cluster}
 * in the listener's region with the listener's access key, and the signature must verify with its secret key. A
 * refused token gets a status that says why, which the client sees in its authentication error.
 *
 * <p>Configured through the listener's OAUTHBEARER JAAS options {@value #REGION}, {@value #ACCESS_KEY_ID} and
 * {@value #SECRET_ACCESS_KEY}.
 */
public final class MskIamTokenValidator implements AuthenticateCallbackHandler {
  static final String REGION = "mskRegion";
  static final String ACCESS_KEY_ID = "mskAccessKeyId";
  static final String SECRET_ACCESS_KEY = "mskSecretAccessKey";
  static final String SERVICE = "kafka-cluster";
  static final String ACTION = "kafka-cluster:Connect";
  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  /** SHA-256 of the empty body: the SDK's presigner signs GET requests with it. */
  private static final String EMPTY_PAYLOAD_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  /** Query parameters that are not part of the signature: the signature itself and what the library appends after. */
  private static final Set<String> UNSIGNED = Set.of("X-Amz-Signature", "User-Agent");

  private String region;
  private String accessKeyId;
  private String secretAccessKey;

  @Override
  public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
    Map<String, ?> options = jaasConfigEntries.stream()
        .filter(entry -> entry.getLoginModuleName().equals(OAuthBearerLoginModule.class.getName()))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("no OAuthBearerLoginModule JAAS entry"))
        .getOptions();
    region = required(options, REGION);
    accessKeyId = required(options, ACCESS_KEY_ID);
    secretAccessKey = required(options, SECRET_ACCESS_KEY);
  }

  @Override
  public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
    for (Callback callback : callbacks) {
      if (!(callback instanceof OAuthBearerValidatorCallback validation)) {
        throw new UnsupportedCallbackException(callback);
      }
      try {
        validation.token(validate(validation.tokenValue(), Instant.now()));
      } catch (RefusedToken e) {
        // the status reaches the client verbatim inside a JSON string: keep it free of quotes
        validation.error("invalid_token: " + e.getMessage().replace('"', '\''), null, null);
      }
    }
  }

  /** The principal of a valid token (the access key id), or {@link RefusedToken} with the reason. */
  OAuthBearerToken validate(String token, Instant now) throws RefusedToken {
    URI url;
    try {
      url = URI.create(new String(java.util.Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new RefusedToken("the token is not a base64url-encoded URL");
    }
    Map<String, String> query = rawQuery(url.getRawQuery());
    String host = "kafka." + region + ".amazonaws.com";
    require("Action", ACTION.equals(decoded(query, "Action")), "the request is not " + ACTION);
    require("X-Amz-Algorithm", ALGORITHM.equals(decoded(query, "X-Amz-Algorithm")), "the request is not signed with SigV4");
    require("X-Amz-SignedHeaders", "host".equals(decoded(query, "X-Amz-SignedHeaders")), "only the host header may be signed");
    String[] credential = decoded(query, "X-Amz-Credential").split("/");
    require("X-Amz-Credential", credential.length == 5 && credential[3].equals(SERVICE)
        && credential[4].equals("aws4_request"), "the credential scope is not <key>/<date>/<region>/kafka-cluster/aws4_request");
    if (!credential[2].equals(region)) {
      throw new RefusedToken("the token is signed for region " + credential[2] + ", this cluster is in " + region);
    }
    if (!credential[0].equals(accessKeyId)) {
      throw new RefusedToken("access key " + credential[0] + " is not known to this cluster");
    }
    require("host", host.equals(url.getHost()), "the token is for host " + url.getHost() + ", not " + host);
    Instant signedAt = signedAt(decoded(query, "X-Amz-Date"));
    Duration lifetime = Duration.ofSeconds(Long.parseLong(decoded(query, "X-Amz-Expires")));
    if (signedAt.isAfter(now.plus(CLOCK_SKEW)) || signedAt.plus(lifetime).isBefore(now)) {
      throw new RefusedToken("the token expired or is not yet valid (signed at " + signedAt + " for " + lifetime + ")");
    }
    if (!MessageDigest.isEqual(signature(query, host, credential).getBytes(StandardCharsets.US_ASCII),
        decoded(query, "X-Amz-Signature").getBytes(StandardCharsets.US_ASCII))) {
      throw new RefusedToken("the signature does not match the secret key of " + accessKeyId);
    }
    return new Principal(token, accessKeyId, signedAt.toEpochMilli(), signedAt.plus(lifetime).toEpochMilli());
  }

  private String signature(Map<String, String> query, String host, String[] credential) throws RefusedToken {
    String canonicalQuery = query.entrySet().stream()
        .filter(parameter -> !UNSIGNED.contains(parameter.getKey()))
        .map(parameter -> parameter.getKey() + "=" + parameter.getValue())
        .sorted()
        .collect(Collectors.joining("&"));
    String canonicalRequest = String.join("\n", "GET", "/", canonicalQuery, "host:" + host, "", "host", EMPTY_PAYLOAD_HASH);
    String scope = String.join("/", Arrays.asList(credential).subList(1, 5));
    String stringToSign = String.join("\n", ALGORITHM, decoded(query, "X-Amz-Date"), scope, hex(sha256(canonicalRequest)));
    byte[] key = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
    for (String part : List.of(credential[1], credential[2], credential[3], credential[4])) {
      key = hmac(key, part);
    }
    return hex(hmac(key, stringToSign));
  }

  private static Map<String, String> rawQuery(String rawQuery) throws RefusedToken {
    if (rawQuery == null) {
      throw new RefusedToken("the token URL has no query");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      parameters.put(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
    }
    return parameters;
  }

  private static String decoded(Map<String, String> query, String name) throws RefusedToken {
    String value = query.get(name);
    if (value == null) {
      throw new RefusedToken("the token has no " + name);
    }
    return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  private static void require(String field, boolean holds, String reason) throws RefusedToken {
    if (!holds) {
      throw new RefusedToken(field + ": " + reason);
    }
  }

  private static Instant signedAt(String amzDate) throws RefusedToken {
    try {
      return Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw new RefusedToken("X-Amz-Date " + amzDate + " is not yyyyMMddTHHmmssZ");
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static String required(Map<String, ?> options, String name) {
    Object value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the OAUTHBEARER JAAS entry needs the option " + name);
    }
    return value.toString();
  }

  @Override
  public void close() {
  }

  /** Why a token was refused, as the client will read it. */
  static final class RefusedToken extends Exception {
    RefusedToken(String reason) {
      super(reason);
    }
  }

  /** An accepted token: the access key id is the principal, valid as long as the presigned URL. */
  private record Principal(String value, String principalName, Long startTimeMs, long lifetimeMs)
      implements OAuthBearerToken {
    @Override
    public Set<String> scope() {
      return Set.of();
    }
  }
}
