package io.dsqlcdc.capture.diagnose;

import io.dsqlcdc.api.spec.ChangeStreamSpec;
import io.dsqlcdc.api.status.ConnectionReasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Stream mode's Kinesis side, each call the relay makes once, with the runtime's client: the pod's AWS credentials,
 * the stream (DescribeStreamSummary, ACTIVE), its shards (ListShards) and reading one open shard (GetShardIterator
 * at LATEST, so no record has to be fetched, then GetRecords). A failure names the IAM action to allow, or what else
 * to correct.
 */
public final class StreamChecks {
  /** The IAM actions the relay needs on the stream, in the order it uses them. */
  static final List<String> ACTIONS = List.of("kinesis:DescribeStreamSummary", "kinesis:ListShards",
      "kinesis:GetShardIterator", "kinesis:GetRecords");
  private static final Set<String> BAD_CREDENTIALS = Set.of("UnrecognizedClientException",
      "InvalidSignatureException", "IncompleteSignatureException", "ExpiredTokenException", "InvalidClientTokenId");

  private final ChangeStreamSpec stream;
  private final KinesisClient kinesis;
  private final AwsCredentialsProvider credentials;
  private final Function<String, String> env;
  private final List<CheckResult> results = new ArrayList<>();

  /** {@code kinesis}: the client the runtime reads the stream with (its region, endpoint and credentials). */
  public StreamChecks(ChangeStreamSpec stream, KinesisClient kinesis, AwsCredentialsProvider credentials,
      Function<String, String> env) {
    this.stream = stream;
    this.kinesis = kinesis;
    this.credentials = credentials;
    this.env = env;
  }

  public List<CheckResult> run() {
    CheckResult found = AwsCredentialsCheck.run("AWS credentials for Kinesis", credentials, env,
        "the IAM policy must allow " + String.join(", ", ACTIONS) + " on " + stream.kinesisStreamArn());
    results.add(found);
    if (found.failed()) {
      return skipFrom(0, "needs AWS credentials");
    }
    CheckResult described = checkStream();
    // a missing permission for DescribeStreamSummary alone leaves the other calls worth trying: all denials at once
    if (described.failed() && !ConnectionReasons.PERMISSION_DENIED.equals(described.reason())) {
      return skipFrom(1, "needs the stream");
    }
    String shard = checkShards();
    if (shard == null) {
      return skipFrom(2, "needs an open shard");
    }
    String iterator = checkIterator(shard);
    if (iterator == null) {
      return skipFrom(3, "needs a shard iterator");
    }
    checkRecords(shard, iterator);
    return List.copyOf(results);
  }

  private CheckResult checkStream() {
    String name = checkName(0);
    StreamDescriptionSummary summary;
    try {
      summary = kinesis.describeStreamSummary(r -> r.streamARN(stream.kinesisStreamArn())).streamDescriptionSummary();
    } catch (SdkException e) {
      return add(failure(name, 0, stream, e));
    }
    String detail = summary.streamStatusAsString() + ", " + summary.openShardCount() + " open shard(s), retention "
        + summary.retentionPeriodHours() + "h" + (summary.encryptionType() == EncryptionType.KMS
        ? ", encrypted with KMS key " + summary.keyId() + " (GetRecords needs kms:Decrypt on it)" : "");
    // UPDATING is a stream being resharded or reconfigured: it is read as usual meanwhile
    if (summary.streamStatus() != StreamStatus.ACTIVE && summary.streamStatus() != StreamStatus.UPDATING) {
      return add(CheckResult.fail(name, CheckReasons.STREAM_NOT_ACTIVE, detail,
          "a CREATING stream becomes ACTIVE within minutes: run diagnose again; a DELETING one is gone: point "
              + "spec.source.changeStream.kinesisStreamArn at the stream the DSQL cluster's CDC stream writes to."));
    }
    return add(CheckResult.pass(name, detail));
  }

  private CheckResult add(CheckResult result) {
    results.add(result);
    return result;
  }

  /** The first open shard of ListShards' first page, or null when it failed or listed none. */
  private String checkShards() {
    String name = checkName(1);
    ListShardsResponse page;
    try {
      page = kinesis.listShards(r -> r.streamARN(stream.kinesisStreamArn())
          .shardFilter(f -> f.type(ShardFilterType.AT_LATEST)));
    } catch (SdkException e) {
      results.add(failure(name, 1, stream, e));
      return null;
    }
    if (page.shards().isEmpty()) {
      results.add(CheckResult.fail(name, CheckReasons.STREAM_NOT_ACTIVE, "the stream has no open shard",
          "the stream is being deleted or resharded: run diagnose again, and check "
              + "spec.source.changeStream.kinesisStreamArn."));
      return null;
    }
    results.add(CheckResult.pass(name, page.shards().size() + " open shard(s)"
        + (page.nextToken() == null ? "" : " on the first page")));
    return page.shards().get(0).shardId();
  }

  private String checkIterator(String shard) {
    String name = checkName(2);
    try {
      String iterator = kinesis.getShardIterator(r -> r.streamARN(stream.kinesisStreamArn()).shardId(shard)
          .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
      results.add(CheckResult.pass(name, "shard " + shard + " at LATEST"));
      return iterator;
    } catch (SdkException e) {
      results.add(failure(name, 2, stream, e));
      return null;
    }
  }

  private void checkRecords(String shard, String iterator) {
    String name = checkName(3);
    try {
      GetRecordsResponse response = kinesis.getRecords(r -> r.shardIterator(iterator).limit(1));
      results.add(CheckResult.pass(name, "shard " + shard + " read: " + response.records().size()
          + " record(s) after LATEST, " + response.millisBehindLatest() + " ms behind latest"));
    } catch (SdkException e) {
      results.add(failure(name, 3, stream, e));
    }
  }

  private List<CheckResult> skipFrom(int check, String why) {
    for (int i = check; i < ACTIONS.size(); i++) {
      results.add(CheckResult.skip(checkName(i), why));
    }
    return List.copyOf(results);
  }

  /** "Kinesis ListShards": each check is named for the call it makes. */
  static String checkName(int check) {
    return "Kinesis " + ACTIONS.get(check).substring("kinesis:".length());
  }

  /** A failed call of check {@code check} ({@link #ACTIONS}' index), with what to do about it. */
  static CheckResult failure(String name, int check, ChangeStreamSpec stream, SdkException e) {
    String arn = stream.kinesisStreamArn();
    if (!(e instanceof AwsServiceException service) || service.awsErrorDetails() == null) {
      String host = stream.endpoint() != null ? stream.endpoint()
          : "https://kinesis." + stream.region() + ".amazonaws.com";
      return CheckResult.fail(name, ConnectionReasons.UNREACHABLE, e.getClass().getSimpleName() + ": "
          + SourceChecks.firstLine(e), "allow HTTPS from the runtime to " + host + " (DNS, security groups, network "
          + "policies, the VPC endpoint's policy)"
          + (stream.endpoint() != null ? ", or correct spec.source.changeStream.endpoint." : "."));
    }
    String code = service.awsErrorDetails().errorCode();
    String detail = code + ": " + SourceChecks.firstLine(e);
    if ("AccessDeniedException".equals(code)) {
      return CheckResult.fail(name, ConnectionReasons.PERMISSION_DENIED, detail, "allow " + ACTIONS.get(check)
          + " on " + arn + " in the IAM policy of the runtime's role (the relay needs " + String.join(", ", ACTIONS)
          + ").");
    }
    if ("KMSAccessDeniedException".equals(code)) {
      return CheckResult.fail(name, ConnectionReasons.PERMISSION_DENIED, detail,
          "the stream is encrypted: allow kms:Decrypt on its KMS key in the IAM policy of the runtime's role (and "
              + "the key policy must let the role use it).");
    }
    if ("ResourceNotFoundException".equals(code)) {
      return CheckResult.fail(name, CheckReasons.STREAM_NOT_FOUND, detail, "no stream " + arn + " in region "
          + stream.region() + ": correct spec.source.changeStream.kinesisStreamArn (account, region, name) to the "
          + "stream the DSQL cluster's CDC stream writes to"
          + (stream.endpoint() != null ? ", and check that spec.source.changeStream.endpoint serves "
          + stream.region() + "." : "."));
    }
    if (BAD_CREDENTIALS.contains(code)) {
      return CheckResult.fail(name, CheckReasons.CREDENTIALS_INVALID, detail, "the credentials are expired, revoked "
          + "or malformed: renew them (restart the pod to re-read its role).");
    }
    return CheckResult.fail(name, CheckReasons.KINESIS_REQUEST_FAILED, detail, "see the Kinesis error above; if "
        + "it is throttling (LimitExceededException), run diagnose again.");
  }
}
