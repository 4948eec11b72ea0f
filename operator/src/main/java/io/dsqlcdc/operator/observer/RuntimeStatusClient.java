package io.dsqlcdc.operator.observer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.status.RuntimeStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Reads a runtime's {@code GET /status}, the way Strimzi reads Kafka Connect's REST API. */
public final class RuntimeStatusClient {
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final RuntimeAddressResolver resolver;
  private final Duration timeout;
  private final HttpClient http;
  private final MeterRegistry registry;

  public RuntimeStatusClient(RuntimeAddressResolver resolver, Duration timeout, MeterRegistry registry) {
    this.resolver = resolver;
    this.timeout = timeout;
    this.registry = registry;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Asks the runtime; {@code dsqlcdc.runtime.status} times each request, tagged with its outcome. */
  public RuntimeObservation fetch(DsqlCdcPipeline pipeline) {
    Timer.Sample sample = Timer.start(registry);
    RuntimeObservation observation = ask(pipeline);
    sample.stop(Timer.builder("dsqlcdc.runtime.status")
        .description("GET /status requests to capture runtimes")
        .tag("outcome", observation.kind().name().toLowerCase(java.util.Locale.ROOT))
        .register(registry));
    return observation;
  }

  private RuntimeObservation ask(DsqlCdcPipeline pipeline) {
    Optional<URI> base = resolver.resolve(pipeline);
    if (base.isEmpty()) {
      return RuntimeObservation.unreachable("the runtime has no address yet");
    }
    URI uri = URI.create(base.get().toString().replaceFirst("/+$", "") + "/status");
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET()
          .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        return RuntimeObservation.unreachable("GET " + uri + " answered HTTP " + response.statusCode());
      }
      return RuntimeObservation.reported(JSON.readValue(response.body(), RuntimeStatus.class));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return RuntimeObservation.unreachable("GET " + uri + " was interrupted");
    } catch (IOException e) {
      return RuntimeObservation.unreachable("GET " + uri + " failed: " + describe(e));
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " " + message);
  }
}
