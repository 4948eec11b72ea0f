package io.dsqlcdc.operator.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.api.status.Phase;
import io.dsqlcdc.api.status.RuntimeStatus;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import io.dsqlcdc.operator.FakeRuntime;
import io.dsqlcdc.operator.TestPipelines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeStatusClientTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  RuntimeStatusClient client(Optional<URI> address) {
    return new RuntimeStatusClient(p -> address, Duration.ofSeconds(2), registry);
  }

  @Test
  void readsTheRuntimesStatusDocument() {
    RuntimeStatus status = new RuntimeStatus("orders", Phase.Streaming, Instant.parse("2026-01-01T00:00:00Z"),
        ConnectionStatus.up("db"), ConnectionStatus.up("kafka:9092"),
        List.of(new TableStatus("public.orders", TableState.Streaming, 3L, 0.5, null, "c", null)));
    try (FakeRuntime runtime = new FakeRuntime()) {
      runtime.report(status);
      URI withSlash = URI.create(runtime.uri() + "/");
      RuntimeObservation observation = client(Optional.of(withSlash)).fetch(TestPipelines.pipeline("orders"));
      assertThat(observation.kind()).isEqualTo(RuntimeObservation.Kind.REPORTED);
      assertThat(observation.status()).isEqualTo(status);
    }
    assertThat(registry.get("dsqlcdc.runtime.status").tag("outcome", "reported").timer().count()).isEqualTo(1);
  }

  @Test
  void anErrorStatusCountsAsUnreachable() {
    try (FakeRuntime runtime = new FakeRuntime()) {
      RuntimeObservation observation = client(Optional.of(runtime.uri())).fetch(TestPipelines.pipeline("orders"));
      assertThat(observation.kind()).isEqualTo(RuntimeObservation.Kind.UNREACHABLE);
      assertThat(observation.message()).contains("HTTP 503");
    }
  }

  @Test
  void aRuntimeWithoutAddressIsUnreachable() {
    RuntimeObservation observation = client(Optional.empty()).fetch(TestPipelines.pipeline("orders"));
    assertThat(observation.kind()).isEqualTo(RuntimeObservation.Kind.UNREACHABLE);
    assertThat(registry.get("dsqlcdc.runtime.status").tag("outcome", "unreachable").timer().count()).isEqualTo(1);
  }

  @Test
  void theInClusterAddressIsTheServiceDnsName() {
    assertThat(new ServiceDnsResolver().resolve(TestPipelines.pipeline("orders")))
        .contains(URI.create("http://orders.test.svc:8080"));
  }
}
