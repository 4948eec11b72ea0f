package io.dsqlcdc.testsupport.dsql;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dsqlcdc.testsupport.Fixture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A stand-in for DSQL's control plane answering GetStream ({@code GET /stream/<cluster id>/<stream id>}) on a free
 * local port: every request is answered with the settable status and body, and recorded with its path and
 * {@code Authorization} header so that tests can check it was SigV4-signed for service {@code dsql}; {@link
 * #credentials()} are static ones to sign with.
 *
 * <p>Register with {@code @RegisterExtension FakeDsqlControlPlane dsql = FakeDsqlControlPlane.create();} for one per
 * test (a static field: one per class), or {@link #start()} and {@link #close()} it by hand.
 */
public final class FakeDsqlControlPlane extends Fixture {
  public static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
  public static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  /** One request as received. */
  public record Request(String method, String path, String authorization) {
    /** Signed with SigV4 for DSQL: an AWS4-HMAC-SHA256 Authorization whose credential scope ends /dsql/aws4_request. */
    public boolean signedForDsql() {
      return authorization != null && authorization.startsWith("AWS4-HMAC-SHA256 ")
          && authorization.contains("/dsql/aws4_request");
    }
  }

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile HttpServer server;
  private volatile ExecutorService executor;
  private volatile int status = 200;
  private volatile String body = "{}";
  private volatile String errorType;

  private FakeDsqlControlPlane() {
    super(false);
  }

  /** The ARN of a DSQL stream (of a made-up cluster) in {@code region}, for the fake to answer about. */
  public static String streamArn(String region) {
    return "arn:aws:dsql:" + region + ":123456789012:cluster/vftmkydwxvxys6asbsc6ih2the/stream/"
        + "abcdefghijklmnopqrstuvwxyz";
  }

  /** A control plane to start: on a free port of the loopback address. */
  public static FakeDsqlControlPlane create() {
    return new FakeDsqlControlPlane();
  }

  @Override
  protected void startFixture() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fake-dsql-control-plane");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
  }

  @Override
  protected void stopFixture() {
    if (server != null) {
      server.stop(0);
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  /** Static credentials ({@link #ACCESS_KEY_ID}, {@link #SECRET_ACCESS_KEY}) for a client of this control plane. */
  public AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
  }

  /** The URL to use as {@code changeStream.dsqlEndpoint}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** GetStream answers 200 with a stream in {@code status} (and {@code error}, may be null) publishing into {@code kinesisStreamArn}. */
  public void stream(String streamArn, String streamStatus, String error, String kinesisStreamArn) {
    String reason = error == null ? "" : ", \"statusReason\": {\"error\": \"" + error + "\", \"updatedAt\": 1765000000}";
    answer(200, null, ("{\"arn\": \"%s\", \"status\": \"%s\", \"format\": \"JSON\", \"ordering\": \"UNORDERED\", "
        + "\"targetDefinition\": {\"kinesis\": {\"streamArn\": \"%s\", \"roleArn\": "
        + "\"arn:aws:iam::123456789012:role/dsql-stream\"}}%s}").formatted(streamArn, streamStatus, kinesisStreamArn,
        reason));
  }

  /** Every request is answered with this HTTP status, x-amzn-ErrorType (null for none) and JSON body. */
  public void answer(int httpStatus, String type, String json) {
    this.errorType = type;
    this.body = json;
    this.status = httpStatus;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        exchange.getRequestHeaders().getFirst("Authorization")));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    if (errorType != null) {
      exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

}
