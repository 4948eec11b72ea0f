package io.dsqlcdc.testsupport.kubernetes;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP listener of the mock API: fabric8 mockwebserver's own request handler for every request (websocket
 * watches included, as fabric8 clients use them), except watches over plain HTTP, which kubectl and client-go send
 * and which need a response that stays open: those are streamed here, one JSON watch event per line.
 */
final class ApiHttpServer implements AutoCloseable {
  private static final List<String> WEBSOCKET_SUB_PROTOCOLS = List.of("v1.channel.k8s.io", "v2.channel.k8s.io",
      "v3.channel.k8s.io", "v4.channel.k8s.io");

  // fabric8's mock handles each request on the event loop; a first CEL compilation or a slow CI machine can take
  // a few seconds there, which is no reason for Vert.x's blocked-thread warnings
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(30)
      .setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS));
  private final ApiServerDispatcher dispatcher;
  private HttpServer server;

  ApiHttpServer(ApiServerDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  void start(InetAddress address, int port) {
    HttpServerRequestHandler mock = new HttpServerRequestHandler(vertx) {
      @Override
      protected MockResponse onHttpRequest(RecordedRequest request) {
        return dispatcher.dispatch(request);
      }
    };
    // no h2c: the JDK client of fabric8 asks to upgrade its first request, and Vert.x's upgrade of a request with a
    // body sometimes never answers on a loaded machine; kubectl and API servers speak HTTP/1.1 over plain HTTP anyway
    server = vertx.createHttpServer(new HttpServerOptions().setHost(address.getHostAddress()).setPort(port)
        .setWebSocketSubProtocols(WEBSOCKET_SUB_PROTOCOLS).setHandle100ContinueAutomatically(true)
        .setHttp2ClearTextEnabled(false));
    server.requestHandler(request -> {
      if (isHttpWatch(request)) {
        stream(request);
      } else {
        mock.handle(request);
      }
    });
    await(server.listen());
  }

  /** The base URL, e.g. {@code http://127.0.0.1:43121/}. */
  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/";
  }

  private static boolean isHttpWatch(HttpServerRequest request) {
    String watch = request.getParam("watch");
    return request.method() == HttpMethod.GET && ("true".equals(watch) || "1".equals(watch))
        && !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
  }

  private void stream(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    boolean asTable = String.valueOf(request.getHeader("Accept")).contains("as=Table");
    response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/json");
    ApiServerDispatcher.HttpWatch watch;
    try {
      watch = dispatcher.watch(request.uri(), request.getHeader("User-Agent"), asTable, line -> {
        if (!response.ended() && !response.closed()) {
          response.write(line);
        } else {
          throw new IllegalStateException("watch connection closed");
        }
      });
    } catch (ApiStatus refused) {
      MockResponse status = refused.response();
      response.setChunked(false).setStatusCode(status.code()).end(status.getBody().readUtf8());
      return;
    }
    response.closeHandler(v -> watch.close());
    if (!response.headWritten()) {
      response.writeHead();
    }
    String timeout = request.getParam("timeoutSeconds");
    if (timeout != null && timeout.matches("\\d+")) {
      vertx.setTimer(TimeUnit.SECONDS.toMillis(Math.max(1, Long.parseLong(timeout))), id -> {
        watch.close();
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      });
    }
  }

  @Override
  public void close() {
    if (server != null) {
      await(server.close());
    }
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the mock API's HTTP listener did not start or stop", e);
    }
  }
}
