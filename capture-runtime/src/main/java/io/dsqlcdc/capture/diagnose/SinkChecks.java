package io.dsqlcdc.capture.diagnose;

import io.dsqlcdc.api.spec.SinkSpec;
import io.dsqlcdc.api.spec.TopicSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.AuthenticationException;

/** The Kafka side: brokers reachable over TCP, the client authenticated, every topic present or creatable. */
public final class SinkChecks {
  private final SinkSpec sink;
  private final Map<String, Object> clientProperties;
  private final List<String> topics;
  private final Duration timeout;
  private final List<CheckResult> results = new ArrayList<>();

  /** {@code clientProperties}: connection and security settings as the runtime's own clients use them. */
  public SinkChecks(SinkSpec sink, Map<String, Object> clientProperties, List<String> topics, Duration timeout) {
    this.sink = sink;
    this.clientProperties = clientProperties;
    this.topics = topics;
    this.timeout = timeout;
  }

  public List<CheckResult> run() {
    if (!checkReachable()) {
      results.add(CheckResult.skip("Kafka authentication", "needs a reachable broker"));
      results.add(CheckResult.skip("Kafka topics", "needs a reachable broker"));
      return List.copyOf(results);
    }
    Map<String, Object> props = new HashMap<>(clientProperties);
    int millis = (int) timeout.toMillis();
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    try (Admin admin = Admin.create(props)) {
      if (checkAuthentication(admin)) {
        checkTopics(admin);
      } else {
        results.add(CheckResult.skip("Kafka topics", "needs an authenticated client"));
      }
    }
    return List.copyOf(results);
  }

  private boolean checkReachable() {
    boolean any = false;
    for (String server : sink.bootstrapServers().split(",")) {
      String name = "TCP to Kafka broker " + server;
      int colon = server.lastIndexOf(':');
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1))),
            (int) timeout.toMillis());
        results.add(CheckResult.pass(name, "connected"));
        any = true;
      } catch (IOException e) {
        results.add(CheckResult.fail(name, "Unreachable", e.getClass().getSimpleName() + ": "
            + SourceChecks.firstLine(e), "check spec.sink.bootstrapServers, DNS, and that the network allows the "
            + "runtime to reach the brokers (security groups, network policies, private links)."));
      }
    }
    return any;
  }

  private boolean checkAuthentication(Admin admin) {
    String name = "Kafka authentication";
    String how = clientProperties.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
        + (sink.authentication().type().saslMechanism() == null ? ""
        : ", SASL mechanism " + sink.authentication().type().saslMechanism());
    try {
      DescribeClusterResult cluster = admin.describeCluster();
      String id = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      int brokers = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      results.add(CheckResult.pass(name, "cluster " + id + " (" + brokers + " broker(s)) accepted " + how));
      return true;
    } catch (ExecutionException e) {
      results.add(authenticationFailure(name, how, e.getCause()));
    } catch (TimeoutException e) {
      results.add(CheckResult.fail(name, "Unreachable", "no Kafka answer within " + timeout.toSeconds()
          + "s using " + how, "the brokers accept TCP but not this protocol: check spec.sink.tls.enabled and "
          + "spec.sink.authentication.type against the listener (e.g. Confluent Cloud needs tls and plain)."));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      results.add(CheckResult.fail(name, "Interrupted", "interrupted", "run diagnose again."));
    }
    return false;
  }

  private CheckResult authenticationFailure(String name, String how, Throwable cause) {
    String detail = cause.getClass().getSimpleName() + ": " + SourceChecks.firstLine(cause);
    if (cause instanceof SslAuthenticationException) {
      return CheckResult.fail(name, "TlsHandshakeFailed", detail, "the broker certificate must be trusted: "
          + "set spec.sink.tls.caSecret to its CA, or check spec.sink.tls.enabled.");
    }
    if (cause instanceof SaslAuthenticationException || cause instanceof AuthenticationException) {
      return CheckResult.fail(name, "AuthenticationFailed", "the brokers rejected " + how + ": " + detail,
          "check the user name and password in spec.sink.authentication.usernameSecret / passwordSecret (for "
              + "Confluent Cloud: an API key and secret of this cluster) and the mechanism in authentication.type.");
    }
    if (cause instanceof AuthorizationException) {
      return CheckResult.fail(name, "PermissionDenied", detail,
          "grant the principal DESCRIBE on the cluster.");
    }
    return CheckResult.fail(name, "Unreachable", detail, "check spec.sink.bootstrapServers and the network.");
  }

  private void checkTopics(Admin admin) {
    String name = "Kafka topics";
    try {
      Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<String> present = topics.stream().filter(existing::contains).toList();
      List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
      if (!missing.isEmpty()) {
        TopicSpec spec = sink.topics();
        Optional<Integer> partitions = Optional.ofNullable(spec == null ? null : spec.partitions());
        Optional<Short> replication = Optional.ofNullable(spec == null || spec.replicationFactor() == null
            ? null : spec.replicationFactor().shortValue());
        admin.createTopics(missing.stream().map(t -> new NewTopic(t, partitions, replication)).toList(),
            new CreateTopicsOptions().validateOnly(true)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      results.add(CheckResult.pass(name, "present: " + (present.isEmpty() ? "none" : String.join(", ", present))
          + (missing.isEmpty() ? "" : "; creatable: " + String.join(", ", missing))));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      boolean denied = cause instanceof AuthorizationException;
      results.add(CheckResult.fail(name, denied ? "PermissionDenied" : "TopicsNotCreatable",
          cause.getClass().getSimpleName() + ": " + SourceChecks.firstLine(cause), denied
              ? "create the topics beforehand, or grant the principal CREATE (and WRITE, DESCRIBE) on them: "
                  + String.join(", ", topics)
              : "fix spec.sink.topics (partitions, replicationFactor) for this cluster, or create the topics beforehand."));
    } catch (TimeoutException e) {
      results.add(CheckResult.fail(name, "Unreachable", "no answer listing topics within "
          + timeout.toSeconds() + "s", "check the brokers' health."));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      results.add(CheckResult.fail(name, "Interrupted", "interrupted", "run diagnose again."));
    }
  }
}
