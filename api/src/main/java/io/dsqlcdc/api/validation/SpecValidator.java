package io.dsqlcdc.api.validation;

import io.dsqlcdc.api.spec.CaptureSpec;
import io.dsqlcdc.api.spec.ChangeStreamSpec;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.DsqlEndpoints;
import io.dsqlcdc.api.spec.HardDeleteSpec;
import io.dsqlcdc.api.spec.Durations;
import io.dsqlcdc.api.spec.KafkaAuthType;
import io.dsqlcdc.api.spec.KafkaAuthentication;
import io.dsqlcdc.api.spec.PoolSpec;
import io.dsqlcdc.api.spec.SecretKeyRef;
import io.dsqlcdc.api.spec.SinkSpec;
import io.dsqlcdc.api.spec.SourceAuthType;
import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.api.spec.SourceTlsMode;
import io.dsqlcdc.api.spec.TableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every check a spec must pass before it runs. The CRD repeats the per-field ones so that the API server
 * refuses most bad input early; the cross-field and semantic ones live only here. The runtime runs this on
 * its config file (exit 2), the operator on each spec (Ready=False, reason InvalidSpec).
 */
public final class SpecValidator {
  /** DSQL closes every connection after 60 minutes. */
  static final Duration DSQL_CONNECTION_LIFETIME = Duration.ofMinutes(60);
  /** Producer settings the runtime owns for exactly-once delivery and security; a spec must not override them. */
  static final Set<String> MANAGED_PRODUCER_KEYS = Set.of(
      "bootstrap.servers", "transactional.id", "enable.idempotence", "acks", "isolation.level",
      "key.serializer", "value.serializer", "security.protocol", "sasl.mechanism", "sasl.jaas.config",
      "ssl.truststore.location", "ssl.truststore.password", "ssl.keystore.location", "ssl.keystore.password",
      "ssl.key.password", "ssl.truststore.certificates", "ssl.keystore.certificate.chain", "ssl.keystore.key",
      "ssl.truststore.type", "ssl.keystore.type");

  private final List<Violation> violations = new ArrayList<>();

  private SpecValidator() {
  }

  public static List<Violation> validate(DsqlCdcPipelineSpec spec) {
    SpecValidator v = new SpecValidator();
    if (spec == null) {
      v.fail("spec", "is missing");
    } else {
      v.checkSource(spec.source());
      v.checkTables(spec.tables(), spec.source() != null && spec.source().streamMode());
      v.checkCapture(spec.capture());
      v.checkSink(spec.sink());
      v.checkSnapshotRequest(spec);
    }
    return List.copyOf(v.violations);
  }

  private void checkSource(SourceSpec source) {
    if (source == null) {
      fail("spec.source", "is required");
      return;
    }
    if (source.endpoints().isEmpty()) {
      fail("spec.source.endpoints", "must list at least one endpoint");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < source.endpoints().size(); i++) {
      String host = source.endpoints().get(i);
      String field = "spec.source.endpoints[" + i + "]";
      if (host == null || !host.matches(SourceSpec.HOST_PATTERN)) {
        fail(field, "'" + host + "' is not a host name");
        continue;
      }
      int port = DsqlEndpoints.portOf(host, source.port());
      if (port < 1 || port > 65535) {
        fail(field, "'" + host + "' has a port outside 1-65535");
      }
      if (!seen.add(DsqlEndpoints.hostOf(host).toLowerCase(Locale.ROOT) + ":" + port)) {
        fail(field, "'" + host + "' is listed twice");
      }
      if (source.auth().type() == SourceAuthType.IAM && DsqlEndpoints.regionFor(host, source.region()).isEmpty()) {
        fail(field, "'" + host + "' is not a DSQL endpoint (<id>.dsql-<suffix>.<region>.on.aws), so IAM auth "
            + "cannot tell its region: set spec.source.region");
      }
    }
    if (source.region() != null && !source.region().matches(SourceSpec.REGION_PATTERN)) {
      fail("spec.source.region", "'" + source.region() + "' is not an AWS region such as us-east-1");
    }
    if (source.port() < 1 || source.port() > 65535) {
      fail("spec.source.port", "must be between 1 and 65535");
    }
    if (source.user() == null || !source.user().matches(SourceSpec.IDENTIFIER_PATTERN)) {
      fail("spec.source.user", source.user() == null ? "is required" : "'" + source.user() + "' is not a role name");
    }
    switch (source.auth().type()) {
      case PASSWORD -> {
        requireSecret("spec.source.auth.passwordSecret", source.auth().passwordSecret(), "auth.type password");
        if (source.auth().roleArn() != null) {
          fail("spec.source.auth.roleArn", "applies only to auth.type iam");
        }
      }
      case IAM -> {
        String arn = source.auth().roleArn();
        if (arn != null && !arn.matches(io.dsqlcdc.api.spec.SourceAuth.ROLE_ARN_PATTERN)) {
          fail("spec.source.auth.roleArn", "'" + arn + "' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
        }
      }
    }
    if (source.tls().mode() == SourceTlsMode.DISABLE && source.auth().type() == SourceAuthType.IAM) {
      fail("spec.source.tls.mode", "disable is for local databases only; DSQL requires TLS");
    }
    checkPool(source.pool());
    if (source.streamMode()) {
      checkChangeStream(source.changeStream());
    }
  }

  private void checkPool(PoolSpec pool) {
    if (pool.maxSize() < 1) {
      fail("spec.source.pool.maxSize", "must be at least 1");
    }
    if (pool.minIdle() < 0 || pool.minIdle() > pool.maxSize()) {
      fail("spec.source.pool.minIdle", "must be between 0 and pool.maxSize (" + pool.maxSize() + ")");
    }
    Duration timeout = duration("spec.source.pool.connectionTimeout", pool.connectionTimeout());
    if (timeout != null && timeout.toMillis() < 250) {
      fail("spec.source.pool.connectionTimeout", "must be at least 250ms");
    }
    Duration lifetime = duration("spec.source.pool.maxLifetime", pool.maxLifetime());
    if (lifetime != null && (lifetime.compareTo(DSQL_CONNECTION_LIFETIME) >= 0 || lifetime.toSeconds() < 30)) {
      fail("spec.source.pool.maxLifetime", "must be at least 30s and below 60m, DSQL's connection lifetime");
    }
  }

  private void checkChangeStream(ChangeStreamSpec stream) {
    String field = "spec.source.changeStream";
    String arn = stream.kinesisStreamArn();
    if (arn == null) {
      fail(field + ".kinesisStreamArn", "is required: the ARN of the Kinesis data stream the cluster's CDC stream "
          + "writes to (arn:aws:kinesis:<region>:<account>:stream/<name>)");
    } else if (!ChangeStreamSpec.isStreamArn(arn)) {
      fail(field + ".kinesisStreamArn", "'" + arn + "' is not a Kinesis stream ARN "
          + "(arn:aws:kinesis:<region>:<account>:stream/<name>)");
    }
    if (stream.region() != null && !stream.region().matches(SourceSpec.REGION_PATTERN)) {
      fail(field + ".region", "'" + stream.region() + "' is not an AWS region such as us-east-1");
    } else if (stream.region() != null) {
      ChangeStreamSpec.regionOf(arn).filter(arnRegion -> !arnRegion.equals(stream.region())).ifPresent(arnRegion ->
          fail(field + ".region", "'" + stream.region() + "' is not the region of kinesisStreamArn (" + arnRegion
              + "): Kinesis serves a stream only in its own region, and the runtime sends and signs its requests for "
              + "this one; set " + arnRegion + " or leave region out"));
    }
    if (stream.endpoint() != null && !stream.endpoint().matches(ChangeStreamSpec.ENDPOINT_PATTERN)) {
      fail(field + ".endpoint", "'" + stream.endpoint() + "' is not an http(s) URL such as "
          + "https://vpce-0123.kinesis.us-east-1.vpce.amazonaws.com");
    }
    String dsqlArn = stream.dsqlStreamArn();
    if (dsqlArn != null && !ChangeStreamSpec.isDsqlStreamArn(dsqlArn)) {
      fail(field + ".dsqlStreamArn", "'" + dsqlArn + "' is not a DSQL stream ARN "
          + "(arn:aws:dsql:<region>:<account>:cluster/<cluster id>/stream/<stream id>)");
    } else if (dsqlArn != null) {
      String kinesisRegion = ChangeStreamSpec.regionOf(arn).orElse(stream.region());
      ChangeStreamSpec.dsqlRegionOf(dsqlArn).filter(r -> kinesisRegion != null && !r.equals(kinesisRegion))
          .ifPresent(r -> fail(field + ".dsqlStreamArn", "its region (" + r + ") is not the region of "
              + "kinesisStreamArn (" + kinesisRegion + "): a DSQL stream publishes only to a Kinesis stream in its own "
              + "region; name the DSQL stream that publishes into kinesisStreamArn"));
    }
    if (stream.dsqlEndpoint() != null && !stream.dsqlEndpoint().matches(ChangeStreamSpec.ENDPOINT_PATTERN)) {
      fail(field + ".dsqlEndpoint", "'" + stream.dsqlEndpoint() + "' is not an http(s) URL such as "
          + "https://dsql.us-east-1.api.aws");
    } else if (stream.dsqlEndpoint() != null && dsqlArn == null) {
      fail(field + ".dsqlEndpoint", "applies only with dsqlStreamArn: it is where the DSQL stream's status is read");
    }
    Duration grace = duration(field + ".graceWindow", stream.graceWindow());
    if (grace != null && grace.compareTo(Durations.parse(ChangeStreamSpec.MAX_GRACE_WINDOW)) > 0) {
      fail(field + ".graceWindow", "must be at most " + ChangeStreamSpec.MAX_GRACE_WINDOW);
    }
    Duration fragments = duration(field + ".fragmentTimeout", stream.fragmentTimeout());
    if (fragments != null && (fragments.compareTo(Durations.parse(ChangeStreamSpec.MIN_FRAGMENT_TIMEOUT)) < 0
        || fragments.compareTo(Durations.parse(ChangeStreamSpec.MAX_FRAGMENT_TIMEOUT)) > 0)) {
      fail(field + ".fragmentTimeout", "must be between " + ChangeStreamSpec.MIN_FRAGMENT_TIMEOUT + " and "
          + ChangeStreamSpec.MAX_FRAGMENT_TIMEOUT);
    }
  }

  private void checkTables(List<TableSpec> tables, boolean streamMode) {
    if (tables.isEmpty()) {
      fail("spec.tables", "must list at least one table");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tables.size(); i++) {
      TableSpec t = tables.get(i);
      String field = "spec.tables[" + i + "]";
      if (t == null || t.name() == null || !t.name().matches(TableSpec.NAME_PATTERN)) {
        fail(field + ".name", t == null || t.name() == null ? "is required"
            : "'" + t.name() + "' is not a table name (schema.table)");
        continue;
      }
      if (!seen.add(t.qualifiedName())) {
        fail(field + ".name", "'" + t.qualifiedName() + "' is listed twice");
      }
      if (t.cursor() == null && !streamMode) {
        fail(field + ".cursor", "is required in poll mode: a column that moves forward on every write "
            + "(only stream mode, with source.changeStream, may leave it out)");
      } else if (t.cursor() != null && !t.cursor().matches(SourceSpec.IDENTIFIER_PATTERN)) {
        fail(field + ".cursor", "'" + t.cursor() + "' is not a column name");
      }
      if (streamMode) {
        String why = "applies only to poll mode: with source.changeStream the stream carries the table's deletes; "
            + "remove it";
        if (t.softDelete() != null) {
          fail(field + ".softDelete", why);
        }
        if (t.hardDeletes() != null) {
          fail(field + ".hardDeletes", why);
        }
      }
      if (t.key() != null) {
        if (t.key().isEmpty()) {
          fail(field + ".key", "must name at least one column, or be left out to use the primary key");
        }
        for (int k = 0; k < t.key().size(); k++) {
          String col = t.key().get(k);
          if (col == null || !col.matches(SourceSpec.IDENTIFIER_PATTERN)) {
            fail(field + ".key[" + k + "]", "'" + col + "' is not a column name");
          }
        }
      }
      if (t.softDelete() != null) {
        String col = t.softDelete().column();
        if (col == null || !col.matches(SourceSpec.IDENTIFIER_PATTERN)) {
          fail(field + ".softDelete.column", col == null ? "is required" : "'" + col + "' is not a column name");
        } else if (col.equals(t.cursor())) {
          fail(field + ".softDelete.column", "must differ from the cursor column");
        }
      }
      if (t.hardDeletes() != null) {
        Duration scan = duration(field + ".hardDeletes.scanInterval", t.hardDeletes().scanInterval());
        if (scan != null && scan.compareTo(HardDeleteSpec.MIN_SCAN_INTERVAL) < 0) {
          fail(field + ".hardDeletes.scanInterval", "must be at least 1s");
        }
      }
    }
  }

  private void checkCapture(CaptureSpec capture) {
    Duration poll = duration("spec.capture.pollInterval", capture.pollInterval());
    Duration maxPoll = duration("spec.capture.maxPollInterval", capture.maxPollInterval());
    Duration late = duration("spec.capture.maxTransactionDuration", capture.maxTransactionDuration());
    if (poll != null && poll.toMillis() < 10) {
      fail("spec.capture.pollInterval", "must be at least 10ms");
    }
    if (poll != null && maxPoll != null && maxPoll.compareTo(poll) < 0) {
      fail("spec.capture.maxPollInterval", "must not be shorter than pollInterval (" + capture.pollInterval() + ")");
    }
    if (late != null && (late.toSeconds() < 1 || late.toHours() > 24)) {
      fail("spec.capture.maxTransactionDuration", "must be between 1s and 24h");
    }
    if (capture.batchSize() < 1 || capture.batchSize() > 100_000) {
      fail("spec.capture.batchSize", "must be between 1 and 100000");
    }
    if (capture.parallelism() < 1 || capture.parallelism() > 64) {
      fail("spec.capture.parallelism", "must be between 1 and 64");
    }
  }

  private void checkSink(SinkSpec sink) {
    if (sink == null) {
      fail("spec.sink", "is required");
      return;
    }
    if (sink.bootstrapServers() == null || !sink.bootstrapServers().matches("^[^,\\s]+:[0-9]{1,5}(,[^,\\s]+:[0-9]{1,5})*$")) {
      fail("spec.sink.bootstrapServers", sink.bootstrapServers() == null ? "is required"
          : "'" + sink.bootstrapServers() + "' is not a list of host:port");
    }
    if (sink.topicPrefix() == null || !sink.topicPrefix().matches(SinkSpec.TOPIC_PREFIX_PATTERN)) {
      fail("spec.sink.topicPrefix", sink.topicPrefix() == null ? "is required"
          : "'" + sink.topicPrefix() + "' may hold only letters, digits, '.', '_' and '-'");
    }
    KafkaAuthentication auth = sink.authentication();
    if (auth.type().usesPasswordSecrets()) {
      requireSecret("spec.sink.authentication.usernameSecret", auth.usernameSecret(), "SASL authentication");
      requireSecret("spec.sink.authentication.passwordSecret", auth.passwordSecret(), "SASL authentication");
    }
    if (auth.type() == KafkaAuthType.AWS_MSK_IAM) {
      checkAwsMskIam(sink);
    } else if (auth.region() != null) {
      fail("spec.sink.authentication.region", "applies only to authentication.type aws-msk-iam");
    }
    if (auth.type() == KafkaAuthType.MTLS) {
      requireSecret("spec.sink.authentication.certificateSecret", auth.certificateSecret(), "mtls authentication");
      requireSecret("spec.sink.authentication.keySecret", auth.keySecret(), "mtls authentication");
      if (!sink.tls().enabled()) {
        fail("spec.sink.tls.enabled", "must be true for mtls authentication");
      }
    }
    if (sink.topics() != null) {
      if (sink.topics().partitions() != null && sink.topics().partitions() < 1) {
        fail("spec.sink.topics.partitions", "must be at least 1");
      }
      if (sink.topics().replicationFactor() != null && sink.topics().replicationFactor() < 1) {
        fail("spec.sink.topics.replicationFactor", "must be at least 1");
      }
    }
    sink.producer().keySet().stream().sorted().filter(MANAGED_PRODUCER_KEYS::contains).forEach(key ->
        fail("spec.sink.producer." + key, "is set by the runtime (exactly-once delivery and credentials) and cannot be overridden"));
  }

  private void checkAwsMskIam(SinkSpec sink) {
    KafkaAuthentication auth = sink.authentication();
    String why = "is not used by aws-msk-iam authentication, whose credentials come from the pod's AWS identity "
        + "(IRSA, EKS Pod Identity): remove it";
    if (auth.usernameSecret() != null) {
      fail("spec.sink.authentication.usernameSecret", why);
    }
    if (auth.passwordSecret() != null) {
      fail("spec.sink.authentication.passwordSecret", why);
    }
    if (auth.certificateSecret() != null) {
      fail("spec.sink.authentication.certificateSecret", why);
    }
    if (auth.keySecret() != null) {
      fail("spec.sink.authentication.keySecret", why);
    }
    if (auth.region() != null && !auth.region().matches(SourceSpec.REGION_PATTERN)) {
      fail("spec.sink.authentication.region", "'" + auth.region() + "' is not an AWS region such as us-east-1");
    }
    if (!sink.tls().enabled()) {
      fail("spec.sink.tls.enabled", "must be true for aws-msk-iam authentication (MSK's IAM listeners are TLS only)");
    }
  }

  private void checkSnapshotRequest(DsqlCdcPipelineSpec spec) {
    if (spec.snapshotRequest() == null) {
      return;
    }
    if (spec.snapshotRequest().id() == null || spec.snapshotRequest().id().isBlank()) {
      fail("spec.snapshotRequest.id", "is required");
    }
    Set<String> known = new HashSet<>();
    spec.tables().stream().filter(t -> t != null && t.name() != null).forEach(t -> known.add(t.qualifiedName()));
    List<String> requested = spec.snapshotRequest().tables();
    if (requested.isEmpty()) {
      fail("spec.snapshotRequest.tables", "must name at least one table");
    }
    for (int i = 0; i < requested.size(); i++) {
      String name = requested.get(i);
      if (name == null || !known.contains(new TableSpec(name, null).qualifiedName())) {
        fail("spec.snapshotRequest.tables[" + i + "]", "'" + requested.get(i) + "' is not one of spec.tables");
      }
    }
  }

  private void requireSecret(String field, SecretKeyRef ref, String why) {
    if (ref == null) {
      fail(field, "is required for " + why);
    } else if (ref.name() == null || ref.name().isBlank() || ref.key() == null || ref.key().isBlank()) {
      fail(field, "needs both name and key");
    }
  }

  private Duration duration(String field, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      fail(field, e.getMessage());
      return null;
    }
  }

  private void fail(String field, String reason) {
    violations.add(new Violation(field, reason));
  }
}
