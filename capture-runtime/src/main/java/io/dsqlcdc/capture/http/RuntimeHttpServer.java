package io.dsqlcdc.capture.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.status.StatusReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;

/** /healthz, /readyz, /status (RuntimeStatus JSON) and /metrics (Prometheus text) on the JDK's HTTP server. */
public final class RuntimeHttpServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final HttpServer server;

  public RuntimeHttpServer(int port, StatusReporter status, CaptureMetrics metrics) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/healthz", ex -> respond(ex, 200, "text/plain", "ok"));
    server.createContext("/readyz", ex -> {
      Optional<String> unready = status.unreadyBecause();
      respond(ex, unready.isEmpty() ? 200 : 503, "text/plain", unready.map(why -> "not ready: " + why).orElse("ready"));
    });
    server.createContext("/status", ex ->
        respond(ex, 200, "application/json", JSON.writeValueAsString(status.status())));
    server.createContext("/metrics", ex ->
        respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int code, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
