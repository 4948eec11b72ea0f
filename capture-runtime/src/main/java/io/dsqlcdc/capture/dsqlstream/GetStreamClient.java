package io.dsqlcdc.capture.dsqlstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsqlcdc.api.spec.ChangeStreamSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * DSQL's control-plane GetStream ({@code GET /stream/<cluster id>/<stream id>}), which the pinned SDK's DSQL client
 * does not have: a SigV4-signed request (service {@code dsql}, the stream's region) with the pod's AWS identity from
 * the default credentials chain, as the Kinesis client has it. Credentials only go into the signature; nothing here
 * logs them.
 */
public final class GetStreamClient {
  static final String SIGNING_NAME = "dsql";
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  /** Headers java.net.http sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String streamArn;
  private final String region;
  private final URI uri;
  private final AwsCredentialsProvider credentials;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** A client of the stream in {@code spec.dsqlStreamArn}, with the default credentials chain. */
  public static GetStreamClient create(ChangeStreamSpec spec) {
    return new GetStreamClient(spec.dsqlStreamArn(), spec.dsqlEndpoint(), DefaultCredentialsProvider.builder().build());
  }

  /** @param endpoint the control plane's URL; null for the region's public one, https://dsql.<region>.api.aws */
  public GetStreamClient(String streamArn, String endpoint, AwsCredentialsProvider credentials) {
    if (!ChangeStreamSpec.isDsqlStreamArn(streamArn)) {
      throw new IllegalArgumentException("'" + streamArn + "' is not a DSQL stream ARN");
    }
    this.streamArn = streamArn;
    this.region = ChangeStreamSpec.dsqlRegionOf(streamArn).orElseThrow();
    this.credentials = credentials;
    String base = endpoint == null ? "https://dsql." + region + ".api.aws" : endpoint;
    this.uri = URI.create(base.replaceAll("/+$", "") + path(streamArn));
  }

  /** {@code /stream/<cluster id>/<stream id>} of {@code arn:...:cluster/<cluster id>/stream/<stream id>}. */
  static String path(String streamArn) {
    String resource = streamArn.split(":", 6)[5];
    String[] parts = resource.split("/");
    return "/stream/" + parts[1] + "/" + parts[3];
  }

  public String streamArn() {
    return streamArn;
  }

  URI uri() {
    return uri;
  }

  /** The control plane's host (and port when not the default), for messages. */
  public String endpointHost() {
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** The stream as GetStream answers now. */
  public DsqlStreamState get() throws GetStreamException, InterruptedException {
    HttpRequest request;
    try {
      SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(uri)
          .putHeader("Accept", "application/json").build();
      SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials()).request(unsigned)
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
          .putProperty(AwsV4HttpSigner.REGION_NAME, region));
      HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
      for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
        if (!RESTRICTED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
          h.getValue().forEach(v -> builder.header(h.getKey(), v));
        }
      }
      request = builder.build();
    } catch (RuntimeException e) {
      // e.g. no credentials in the chain: the SDK's message names the providers tried, never a key
      throw new GetStreamException(0, null, "signing GetStream failed: " + e.getMessage(), e);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new GetStreamException(0, null, "GetStream at " + uri.getHost() + " failed: " + e, e);
    }
    if (response.statusCode() == 200) {
      try {
        return DsqlStreamState.parse(response.body());
      } catch (IOException e) {
        throw new GetStreamException(200, null, "GetStream answered what is not JSON: " + e.getMessage(), e);
      }
    }
    throw error(response.statusCode(), response.headers().firstValue("x-amzn-ErrorType").orElse(null),
        response.body());
  }

  /** The error of a restJson1 response: its type from the header or the body, and its message. */
  static GetStreamException error(int status, String typeHeader, String body) {
    String type = typeHeader;
    String message = null;
    try {
      JsonNode root = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
      if (type == null) {
        type = root.hasNonNull("__type") ? root.get("__type").asText() : root.path("code").asText(null);
      }
      message = root.hasNonNull("message") ? root.get("message").asText() : root.path("Message").asText(null);
    } catch (IOException notJson) {
      message = body.length() > 200 ? body.substring(0, 200) : body;
    }
    if (type != null) {
      type = type.replaceAll(":.*$", "").replaceAll("^.*#", "");
    }
    return new GetStreamException(status, type, "GetStream answered HTTP " + status
        + (type == null ? "" : " " + type) + (message == null ? "" : ": " + message), null);
  }
}
