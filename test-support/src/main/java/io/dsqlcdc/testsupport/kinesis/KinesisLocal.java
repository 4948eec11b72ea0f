package io.dsqlcdc.testsupport.kinesis;

import io.dsqlcdc.testsupport.Fixture;
import io.dsqlcdc.testsupport.tools.NpmPackage;
import io.dsqlcdc.testsupport.tools.ProcessOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A local Kinesis Data Streams API for tests: the npm package {@code kinesis-local} 0.6.2 (kinesis-mock, a
 * Scala.js build run on the machine's Node.js), installed into the tools cache at that pinned version by
 * {@link NpmPackage}, started as a child process on free ports, awaited through its {@code /healthcheck}, and
 * stopped with its process tree. {@link #client()} is an AWS SDK v2 {@link KinesisClient} configured with
 * {@link #endpoint()}, {@link #REGION} and static dummy credentials ({@link #credentials()}); code under test that
 * builds its own client needs the same three.
 *
 * <p>Register with {@code @RegisterExtension static KinesisLocal kinesis = KinesisLocal.perClass();}, or use it by
 * hand with {@link #start()} and {@link #close()}. Without Node.js or npm on the PATH the start fails with a message
 * naming what is missing; {@link #missingPrerequisites()} tells beforehand.
 *
 * <p>What the emulator does, as read from kinesis-mock 0.6.2 and checked by {@code KinesisLocalTest}:
 * <ul>
 *   <li>CreateStream (provisioned shard count; {@code MaxRecordSizeInKiB} up to 10240, so 10 MiB records fit:
 *       {@link #createStream} sets it, the default stays 1 MiB as in AWS), DescribeStreamSummary, ListShards with
 *       every {@code ShardFilter} type and ExclusiveStartShardId / NextToken paging, GetShardIterator (TRIM_HORIZON,
 *       LATEST, AT_/AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP), GetRecords with {@code MillisBehindLatest} and
 *       {@code ChildShards} at a closed shard's end (no next iterator there), PutRecord / PutRecords (partition key
 *       and explicit hash key routing), SplitShard, MergeShards and UpdateShardCount (parents closed with an ending
 *       sequence number and kept readable, children open), Increase/DecreaseStreamRetentionPeriod.</li>
 *   <li>Large records are slow: measured through this client (CBOR) on a busy 2-core machine, a 9 MiB record took
 *       4 s to put and 17 s to get (1 MiB: 0.6 s and 0.5 s; the JSON protocol is some 10 times slower still); a
 *       12 MiB row through {@link DsqlStreamSimulator} (a 9 MiB and a 3 MiB fragment) took 14 s to put and 57 s to
 *       read back; in 1 MiB fragments, {@code StreamModeTest}'s 12 MiB test took 25 to 45 s in all. Tests of fragments
 *       should use a small fragment threshold (1 MiB for a multi-MiB row) and keep multi-MiB rows to one test.</li>
 * </ul>
 * What it does not do (so tests cannot rely on it):
 * <ul>
 *   <li>No trimming: records are never removed, whatever the retention period (its minimum is 24 h anyway), so a
 *       checkpoint "older than the retention" cannot be produced by waiting. Asking for an iterator
 *       AT/AFTER_SEQUENCE_NUMBER of a sequence number the shard does not hold answers
 *       {@code ResourceNotFoundException}; how AWS answers for a trimmed sequence number is not modelled, so a
 *       gap test has to present the reader with such a checkpoint (or a recorded trim horizon) itself.</li>
 *   <li>ListShards with {@code AT_TRIM_HORIZON} lists every shard, not only the ones at the trim horizon, and
 *       {@code AT_LATEST} lists the open shards; pages hold at most 100 shards.</li>
 *   <li>{@code MillisBehindLatest} is the arrival-time distance between the last record returned and the shard's
 *       newest record (0 when caught up or nothing was returned), not the distance from the present.</li>
 *   <li>Shard iterators expire after 300 s like AWS's, but there is no throttling
 *       ({@code ProvisionedThroughputExceededException} never happens) and no per-shard write or read limits.</li>
 *   <li>SubscribeToShard (enhanced fan-out) is not used here; the state is in memory only (persistence off).</li>
 * </ul>
 */
public final class KinesisLocal extends Fixture {
  /** The pinned emulator package. */
  public static final NpmPackage PACKAGE = new NpmPackage("kinesis-local", "0.6.2");
  /** The region the emulator serves and {@link #client()} signs for. */
  public static final Region REGION = Region.US_EAST_1;
  /** The account id in the emulator's stream ARNs (its default). */
  public static final String ACCOUNT_ID = "000000000000";
  /** The largest record a stream made by {@link #createStream} accepts (10 MiB), as DSQL requires of its stream. */
  public static final int MAX_RECORD_SIZE_KIB = 10240;

  private static final KinesisLocal SHARED = new KinesisLocal(true);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  /** GetRecords of a 9 MiB record took 17 s on a busy 2-core machine; the SDK's default 30 s leaves no margin. */
  private static final Duration LARGE_RECORD_TIMEOUT = Duration.ofMinutes(3);
  private static final AwsCredentials DUMMY_CREDENTIALS = AwsBasicCredentials.create("kinesis-local-test-key",
      "kinesis-local-test-secret");

  private Process process;
  private ProcessOutput output;
  private Thread killOnExit;
  private URI endpoint;
  private KinesisClient client;

  private KinesisLocal(boolean sharedPerJvm) {
    super(sharedPerJvm);
  }

  /** An emulator per test class (static field) or per test (instance field). */
  public static KinesisLocal perClass() {
    return new KinesisLocal(false);
  }

  /** The one emulator shared by every test class of the JVM; tests must use their own stream names. */
  public static KinesisLocal shared() {
    return SHARED;
  }

  /**
   * What this machine lacks to run the emulator, one human-readable line each (e.g. "Node.js: no `node` on the
   * PATH"); empty when {@code node} and {@code npm} both run.
   */
  public static List<String> missingPrerequisites() {
    List<String> missing = new ArrayList<>();
    if (versionOf("node") == null) {
      missing.add("Node.js: no `node` on the PATH (kinesis-local " + PACKAGE.version() + " runs on Node.js 20)");
    }
    if (versionOf("npm") == null) {
      missing.add("npm: no `npm` on the PATH (it installs kinesis-local " + PACKAGE.version() + " on first use)");
    }
    return missing;
  }

  private static String versionOf(String command) {
    try {
      Process probe = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
      probe.getOutputStream().close();
      String out = new String(probe.getInputStream().readAllBytes()).strip();
      if (!probe.waitFor(30, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
        return null;
      }
      return probe.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  protected void startFixture() throws IOException {
    List<String> missing = missingPrerequisites();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("cannot run the local Kinesis (kinesis-local " + PACKAGE.version()
          + "), missing: " + String.join("; ", missing));
    }
    Path packageDir = PACKAGE.install();
    int plainPort = freePort();
    int tlsPort = freePort();
    ProcessBuilder builder = new ProcessBuilder("node", packageDir.resolve("main.js").toString())
        .directory(packageDir.toFile())
        .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plainPort));
    env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort));
    env.put("AWS_REGION", REGION.id());
    env.put("AWS_ACCOUNT_ID", ACCOUNT_ID);
    env.put("LOG_LEVEL", "WARN");
    env.put("SHOULD_PERSIST_DATA", "false");
    // Resharding and stream creation are asynchronous as in AWS, only faster, so tests await ACTIVE quickly.
    for (String operation : List.of("CREATE_STREAM", "DELETE_STREAM", "MERGE_SHARDS", "SPLIT_SHARD",
        "UPDATE_SHARD_COUNT")) {
      env.put(operation + "_DURATION", "100ms");
    }
    process = builder.start();
    process.getOutputStream().close();
    output = new ProcessOutput(process.getInputStream(), "kinesis-local-output");
    Process started = process;
    killOnExit = new Thread(() -> destroyTree(started), "kill-kinesis-local");
    Runtime.getRuntime().addShutdownHook(killOnExit);
    endpoint = URI.create("http://127.0.0.1:" + plainPort);
    awaitHealthy(started);
    client = newClient();
  }

  private void awaitHealthy(Process started) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health = HttpRequest.newBuilder(endpoint.resolve("/healthcheck")).timeout(Duration.ofSeconds(2))
        .GET().build();
    Awaitility.await("kinesis-local at " + endpoint).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          if (!started.isAlive()) {
            throw new IllegalStateException("kinesis-local exited with " + started.exitValue() + ":\n"
                + output.text());
          }
          try {
            return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
          } catch (IOException e) {
            return false;
          }
        });
  }

  @Override
  protected void stopFixture() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (process != null) {
      destroyTree(process);
      Runtime.getRuntime().removeShutdownHook(killOnExit);
      process = null;
    }
  }

  private static void destroyTree(Process root) {
    List<ProcessHandle> descendants = root.descendants().toList();
    root.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!root.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        root.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      root.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** The emulator's plain HTTP endpoint, for {@code endpointOverride}. */
  public URI endpoint() {
    requireRunning();
    return endpoint;
  }

  /** The dummy credentials the emulator accepts (it checks that requests are signed, not by whom). */
  public AwsCredentials credentials() {
    return DUMMY_CREDENTIALS;
  }

  /** A client of the emulator, owned by the fixture: do not close it. */
  public KinesisClient client() {
    requireRunning();
    return client;
  }

  /** A new client of the emulator that the caller owns and closes. */
  public KinesisClient newClient() {
    return KinesisClient.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(StaticCredentialsProvider.create(DUMMY_CREDENTIALS))
        .httpClientBuilder(Apache5HttpClient.builder().socketTimeout(LARGE_RECORD_TIMEOUT))
        .build();
  }

  /** The ARN of a stream of this emulator. */
  public String streamArn(String streamName) {
    return "arn:aws:kinesis:" + REGION.id() + ":" + ACCOUNT_ID + ":stream/" + streamName;
  }

  /**
   * Creates a provisioned stream with this many shards that accepts records up to {@link #MAX_RECORD_SIZE_KIB}
   * (as DSQL's setup guide asks), waits until it is ACTIVE and returns its ARN.
   */
  public String createStream(String streamName, int shards) {
    client().createStream(request -> request.streamName(streamName).shardCount(shards)
        .maxRecordSizeInKiB(MAX_RECORD_SIZE_KIB));
    awaitActive(streamName);
    return streamArn(streamName);
  }

  /** Waits until the stream is ACTIVE again, e.g. after a split, a merge or a shard count update. */
  public void awaitActive(String streamName) {
    Awaitility.await("stream " + streamName + " ACTIVE").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> client().describeStreamSummary(request -> request.streamName(streamName))
            .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
  }

  /**
   * Every record the stream holds, shard by shard (all shards, closed parents included, in ListShards order) and in
   * sequence order within a shard.
   */
  public List<StoredRecord> records(String streamName) {
    List<StoredRecord> records = new ArrayList<>();
    ListShardsResponse page = client().listShards(request -> request.streamName(streamName)
        .shardFilter(filter -> filter.type(ShardFilterType.AT_TRIM_HORIZON)));
    List<Shard> shards = new ArrayList<>(page.shards());
    while (page.nextToken() != null) {
      String token = page.nextToken();
      page = client().listShards(request -> request.nextToken(token));
      shards.addAll(page.shards());
    }
    for (Shard shard : shards) {
      String iterator = client().getShardIterator(request -> request.streamName(streamName)
          .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      while (iterator != null) {
        String current = iterator;
        GetRecordsResponse response = client().getRecords(request -> request.shardIterator(current));
        response.records().forEach(record -> records.add(new StoredRecord(shard.shardId(),
            record.sequenceNumber(), record.approximateArrivalTimestamp(), record.partitionKey(),
            record.data().asByteArray())));
        iterator = response.records().isEmpty() ? null : response.nextShardIterator();
      }
    }
    return records;
  }

  /** The emulator's output so far (warnings and errors), for diagnosing a failed test. */
  public String log() {
    return output == null ? "" : output.text();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
