package io.dsqlcdc.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpServer;
import io.dsqlcdc.api.status.RuntimeStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A stand-in for a capture runtime's HTTP server: answers GET /status with whatever the test sets. */
public final class FakeRuntime implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final HttpServer server;
  private final AtomicReference<byte[]> body = new AtomicReference<>();
  private final AtomicInteger requests = new AtomicInteger();

  public FakeRuntime() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/status", exchange -> {
      try (exchange) {
        requests.incrementAndGet();
        byte[] bytes = body.get();
        if (bytes == null) {
          exchange.sendResponseHeaders(503, -1);
          return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    });
    server.start();
  }

  public void report(RuntimeStatus status) {
    try {
      body.set(JSON.writeValueAsBytes(status));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many times /status was asked for. */
  public int requests() {
    return requests.get();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Stops answering: further connections are refused. */
  @Override
  public void close() {
    server.stop(0);
  }
}
