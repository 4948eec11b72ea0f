package io.dsqlcdc.capture.diagnose;

import io.dsqlcdc.api.status.ConnectionReasons;
import io.dsqlcdc.api.spec.KafkaAuthType;
import io.dsqlcdc.api.spec.SinkSpec;
import io.dsqlcdc.api.spec.TopicSpec;
import io.dsqlcdc.capture.sink.KafkaClientProperties;
import io.dsqlcdc.capture.sink.MissingRegionException;
import io.dsqlcdc.capture.sink.MskSigningRegion;
import io.dsqlcdc.capture.sink.SinkErrors;
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
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.AuthenticationException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The Kafka side: brokers reachable over TCP, for aws-msk-iam the signing region and the pod's AWS credentials, the
 * client authenticated, every topic present or creatable.
 */
public final class SinkChecks {
  private final SinkSpec sink;
  private final KafkaClientProperties kafka;
  private final AwsCredentialsProvider credentials;
  private final Function<String, String> env;
  private final List<String> topics;
  private final Duration timeout;
  private final List<CheckResult> results = new ArrayList<>();

  /**
   * {@code kafka}: connection and security settings as the runtime's own clients use them; {@code credentials}: the
   * AWS default chain, as aws-msk-iam-auth resolves it.
   */
  public SinkChecks(SinkSpec sink, KafkaClientProperties kafka, AwsCredentialsProvider credentials,
      Function<String, String> env, List<String> topics, Duration timeout) {
    this.sink = sink;
    this.kafka = kafka;
    this.credentials = credentials;
    this.env = env;
    this.topics = topics;
    this.timeout = timeout;
  }

  public List<CheckResult> run() {
    if (!checkReachable()) {
      return skipRest("needs a reachable broker");
    }
    if (sink.authentication().type() == KafkaAuthType.AWS_MSK_IAM && !checkMskIam()) {
      return skipRest("needs AWS credentials and a region for MSK IAM");
    }
    Map<String, Object> props = new HashMap<>(kafka.common());
    Object protocol = props.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
    int millis = (int) timeout.toMillis();
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    try (Admin admin = Admin.create(props)) {
      if (checkAuthentication(admin, protocol)) {
        checkTopics(admin);
      } else {
        results.add(CheckResult.skip("Kafka topics", "needs an authenticated client"));
      }
    } catch (KafkaException e) {
      results.add(CheckResult.fail("Kafka authentication", SinkErrors.reason(e), SinkErrors.describe(e, sink),
          "see the reason above."));
      results.add(CheckResult.skip("Kafka topics", "needs an authenticated client"));
    }
    return List.copyOf(results);
  }

  private List<CheckResult> skipRest(String why) {
    results.add(CheckResult.skip("Kafka authentication", why));
    results.add(CheckResult.skip("Kafka topics", why));
    return List.copyOf(results);
  }

  /** The region the token is signed for and the credentials that sign it, as the runtime's Kafka login finds them. */
  private boolean checkMskIam() {
    String region;
    try {
      region = MskSigningRegion.resolve(sink);
      results.add(CheckResult.pass("MSK IAM signing region", region + MskSigningRegion.ofSpec(sink)
          .map(r -> " (from the spec)").orElse(" (from the pod's AWS region)")));
    } catch (MissingRegionException e) {
      results.add(CheckResult.fail("MSK IAM signing region", ConnectionReasons.REGION_UNKNOWN, e.getMessage(),
          "set spec.sink.authentication.region to the MSK cluster's region."));
      return false;
    }
    CheckResult found = AwsCredentialsCheck.run("AWS credentials for MSK IAM", credentials, env,
        "the IAM policy must allow kafka-cluster:Connect and the topic and transactional id actions in " + region);
    results.add(found);
    return !found.failed();
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
        results.add(CheckResult.fail(name, ConnectionReasons.UNREACHABLE, e.getClass().getSimpleName() + ": "
            + SourceChecks.firstLine(e), "check spec.sink.bootstrapServers, DNS, and that the network allows the "
            + "runtime to reach the brokers (security groups, network policies, private links)."));
      }
    }
    return any;
  }

  private boolean checkAuthentication(Admin admin, Object protocol) {
    String name = "Kafka authentication";
    String how = protocol
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
      results.add(CheckResult.fail(name, ConnectionReasons.UNREACHABLE, "no Kafka answer within " + timeout.toSeconds()
          + "s using " + how, "the brokers accept TCP but not this protocol: check spec.sink.tls.enabled and "
          + "spec.sink.authentication.type against the listener (e.g. Confluent Cloud needs tls and plain)."));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      results.add(CheckResult.fail(name, CheckReasons.INTERRUPTED, "interrupted", "run diagnose again."));
    }
    return false;
  }

  private CheckResult authenticationFailure(String name, String how, Throwable cause) {
    String detail = cause.getClass().getSimpleName() + ": " + SourceChecks.firstLine(cause);
    if (cause instanceof SslAuthenticationException) {
      return CheckResult.fail(name, ConnectionReasons.TLS_HANDSHAKE_FAILED, detail, "the broker certificate must be trusted: "
          + "set spec.sink.tls.caSecret to its CA, or check spec.sink.tls.enabled.");
    }
    if ((cause instanceof SaslAuthenticationException || cause instanceof AuthenticationException)
        && sink.authentication().type() == KafkaAuthType.AWS_MSK_IAM) {
      return CheckResult.fail(name, ConnectionReasons.AUTHENTICATION_FAILED, "the brokers rejected " + how + ": " + detail,
          "the token's region must be the cluster's (spec.sink.authentication.region) and the pod's IAM role must be "
              + "allowed kafka-cluster:Connect on the cluster; check the listener is MSK's IAM one (port 9098).");
    }
    if (cause instanceof SaslAuthenticationException || cause instanceof AuthenticationException) {
      return CheckResult.fail(name, ConnectionReasons.AUTHENTICATION_FAILED, "the brokers rejected " + how + ": " + detail,
          "check the user name and password in spec.sink.authentication.usernameSecret / passwordSecret (for "
              + "Confluent Cloud: an API key and secret of this cluster) and the mechanism in authentication.type.");
    }
    if (cause instanceof AuthorizationException) {
      return CheckResult.fail(name, ConnectionReasons.PERMISSION_DENIED, detail,
          "grant the principal DESCRIBE on the cluster.");
    }
    return CheckResult.fail(name, ConnectionReasons.UNREACHABLE, detail, "check spec.sink.bootstrapServers and the network.");
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
      results.add(CheckResult.fail(name, denied ? ConnectionReasons.PERMISSION_DENIED : CheckReasons.TOPICS_NOT_CREATABLE,
          cause.getClass().getSimpleName() + ": " + SourceChecks.firstLine(cause), denied
              ? "create the topics beforehand, or grant the principal CREATE (and WRITE, DESCRIBE) on them: "
                  + String.join(", ", topics)
              : "fix spec.sink.topics (partitions, replicationFactor) for this cluster, or create the topics beforehand."));
    } catch (TimeoutException e) {
      results.add(CheckResult.fail(name, ConnectionReasons.UNREACHABLE, "no answer listing topics within "
          + timeout.toSeconds() + "s", "check the brokers' health."));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      results.add(CheckResult.fail(name, CheckReasons.INTERRUPTED, "interrupted", "run diagnose again."));
    }
  }
}
