package io.dsqlcdc.capture.sink;

import io.dsqlcdc.api.spec.SinkSpec;
import io.dsqlcdc.api.status.ConnectionReasons;
import io.dsqlcdc.api.status.ConnectionStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Asks the brokers for the cluster's nodes with a short timeout. The transactional producer retries silently for
 * minutes when the brokers go away, and an idle pipeline commits nothing, so only a request of its own tells, within
 * seconds, that Kafka is gone.
 */
public final class BrokerCheck implements AutoCloseable {
  private final Admin admin;
  private final String endpoint;
  private final SinkSpec sink;
  private final Duration timeout;

  public BrokerCheck(Map<String, Object> commonClientConfig, SinkSpec sink, Duration timeout) {
    Map<String, Object> config = new HashMap<>(commonClientConfig);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "dsqlcdc-broker-check");
    this.admin = Admin.create(config);
    this.endpoint = String.valueOf(commonClientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    this.sink = sink;
    this.timeout = timeout;
  }

  /** Connected when a broker answered within the timeout; else the reason, as {@link SinkErrors} words it. */
  public ConnectionStatus check() {
    try {
      if (admin.describeCluster().nodes().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).isEmpty()) {
        return ConnectionStatus.down(endpoint, ConnectionReasons.UNREACHABLE, "the cluster reports no broker");
      }
      return ConnectionStatus.up(endpoint);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ConnectionStatus.down(endpoint, ConnectionReasons.CHECK_FAILED, "interrupted");
    } catch (ExecutionException | TimeoutException e) {
      return ConnectionStatus.down(endpoint, SinkErrors.reason(e), SinkErrors.describe(e, sink));
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
