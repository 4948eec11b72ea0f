package io.dsqlcdc.testsupport.dsql;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in for DSQL's control plane answering GetStream ({@code GET /stream/<cluster id>/<stream id>}) on a free
 * local port: every request is answered with the settable status and body, and recorded with its path and
 * {@code Authorization} header so that tests can check it was SigV4-signed for service {@code dsql}.
 */
public final class FakeDsqlControlPlane implements AutoCloseable {
  /** One request as received. */
  public record Request(String method, String path, String authorization) {
    /** Signed with SigV4 for DSQL: an AWS4-HMAC-SHA256 Authorization whose credential scope ends /dsql/aws4_request. */
    public boolean signedForDsql() {
      return authorization != null && authorization.startsWith("AWS4-HMAC-SHA256 ")
          && authorization.contains("/dsql/aws4_request");
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String body = "{}";
  private volatile String errorType;

  private FakeDsqlControlPlane(HttpServer server) {
    this.server = server;
  }

  /** A server on a free port of the loopback address, started. */
  public static FakeDsqlControlPlane start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeDsqlControlPlane fake = new FakeDsqlControlPlane(server);
    server.createContext("/", fake::handle);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fake-dsql-control-plane");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return fake;
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

  @Override
  public void close() {
    server.stop(0);
  }
}
