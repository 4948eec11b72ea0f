package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.capture.config.CaptureSettings;
import io.dsqlcdc.api.spec.ChangeStreamSpec;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.SnapshotMode;
import io.dsqlcdc.api.spec.TableSpec;
import io.dsqlcdc.capture.config.PipelineConfig;
import io.dsqlcdc.capture.dsqlstream.DsqlStreamMonitor;
import io.dsqlcdc.capture.dsqlstream.GetStreamClient;
import io.dsqlcdc.capture.event.EventFactory;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.offsets.EmittedHistory;
import io.dsqlcdc.capture.offsets.OffsetStore;
import io.dsqlcdc.capture.kinesis.StreamReader;
import io.dsqlcdc.capture.kinesis.StreamStart;
import io.dsqlcdc.capture.offsets.StreamCheckpoint;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.offsets.TopicReader;
import io.dsqlcdc.api.status.ConnectionReasons;
import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.capture.sink.FencedException;
import io.dsqlcdc.capture.sink.KafkaClientProperties;
import io.dsqlcdc.capture.sink.SinkHealth;
import io.dsqlcdc.capture.sink.StreamCheckpointBatch;
import io.dsqlcdc.capture.sink.TransactionalWriter;
import io.dsqlcdc.capture.source.SourceConnections;
import io.dsqlcdc.capture.source.SourceConnectionsFactory;
import io.dsqlcdc.capture.state.Changelog;
import io.dsqlcdc.capture.state.ChangelogRestore;
import io.dsqlcdc.capture.state.KeyStateStore;
import io.dsqlcdc.capture.status.ConnectionProbe;
import io.dsqlcdc.capture.status.StatusReporter;
import io.dsqlcdc.capture.status.StreamStatus;
import io.dsqlcdc.capture.status.TableProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline: the source pool, the transactional writer, and a worker per table on a scheduler of
 * {@code capture.parallelism} threads. Start fences any older runtime of the same pipeline, reads the committed
 * offsets, opens each table's state store under the state directory, and lets each table restore it from its
 * checkpoint and changelog.
 */
public final class CapturePipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CapturePipeline.class);
  private static final Duration SOURCE_PROBE_INTERVAL = Duration.ofSeconds(3);

  private final PipelineConfig config;
  private final Path stateDirectory;
  private final List<TableCoordinator> captures = new ArrayList<>();
  private final List<KeyStateStore> stores = new ArrayList<>();
  private final CaptureMetrics metrics;
  private final List<TableProgress> progress = new ArrayList<>();
  private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final StatusReporter statusReporter;
  private final SinkHealth sinkHealth;
  /** Stream mode's position in the change stream; null in poll mode. */
  private final StreamStatus streamStatus;
  private StreamRelay relay;
  private Thread relayThread;
  /** Reads the DSQL stream's own status; null without changeStream.dsqlStreamArn. */
  private DsqlStreamMonitor dsqlStreamMonitor;
  private volatile SourceConnections source;
  private volatile ConnectionProbe sourceProbe;
  private volatile TransactionalWriter writer;
  private ScheduledExecutorService scheduler;
  private ExecutorService readAhead;
  private volatile boolean started;

  /** A pipeline keeping its state stores in the identity's default directory under java.io.tmpdir. */
  public CapturePipeline(PipelineConfig config, CaptureMetrics metrics) {
    this(config, metrics, config.identity().defaultStateDirectory());
  }

  /** @param stateDirectory where each table's state store lives, in a directory named for the table */
  public CapturePipeline(PipelineConfig config, CaptureMetrics metrics, Path stateDirectory) {
    this.config = config;
    this.stateDirectory = stateDirectory;
    this.metrics = metrics;
    for (TableSpec t : config.spec().tables()) {
      TableProgress table = new TableProgress(t.qualifiedName());
      progress.add(table);
      metrics.table(table.table(), () -> table.state() == TableState.Failed,
          () -> table.state() == TableState.Snapshotting);
    }
    this.sinkHealth = new SinkHealth(config.spec().sink().bootstrapServers());
    ChangeStreamSpec changeStream = config.spec().source().changeStream();
    this.streamStatus = changeStream == null ? null : new StreamStatus(changeStream.kinesisStreamArn());
    this.statusReporter = new StatusReporter(config.identity().display(), Instant.now(), progress,
        this::sourceStatus, sinkHealth::current, () -> fatal.get() == null ? null : fatal.get().getMessage(),
        streamStatus);
    metrics.connections(() -> sourceStatus().connected(), () -> sinkHealth.current().connected());
  }

  private ConnectionStatus sourceStatus() {
    ConnectionProbe probe = sourceProbe;
    return probe == null ? ConnectionStatus.down(null, ConnectionReasons.STARTING, "not connected yet")
        : probe.current();
  }

  public StatusReporter status() {
    return statusReporter;
  }

  public CaptureMetrics metrics() {
    return metrics;
  }

  /** Connects, fences older runtimes, restores committed state and starts polling. */
  public void start() throws Exception {
    start(new CountDownLatch(1));
  }

  /**
   * As {@link #start()}, but while Kafka cannot be reached or refuses the credentials the runtime keeps serving
   * /status with the reason and tries again with back-off (1 s doubling to 30 s), instead of exiting into a crash
   * loop; returns false when {@code stop} is released before it could connect.
   */
  public boolean start(CountDownLatch stop) throws Exception {
    DsqlCdcPipelineSpec spec = config.spec();
    CaptureSettings settings = CaptureSettings.of(spec);
    source = SourceConnectionsFactory.create(spec.source(), config.secrets());
    sourceProbe = new ConnectionProbe("source", source::status,
        ConnectionStatus.down(spec.source().primaryEndpoint(), ConnectionReasons.CONNECTING, "checking the source"),
        SOURCE_PROBE_INTERVAL);
    KafkaClientProperties kafka = new KafkaClientProperties(spec.sink(), config.secrets());
    List<String> topics = spec.tables().stream()
        .map(t -> EventFactory.topicFor(settings.topicPrefix(), t.schema(), t.table())).toList();
    Map<String, String> changelogTopics = new HashMap<>();
    for (TableSpec t : spec.tables()) {
      changelogTopics.put(t.qualifiedName(), config.identity().changelogTopic(t.qualifiedName()));
    }
    SinkConnector.Connected sink = new SinkConnector(config, kafka, sinkHealth, metrics)
        .connect(topics, changelogTopics.values(), stop);
    if (sink == null) {
      return false;
    }
    writer = sink.writer();
    LOG.info("topics ready; transactional.id {} registered (older runtimes of this pipeline are fenced)",
        config.identity().transactionalId());
    TopicReader topicReader = new TopicReader(kafka.readCommittedConsumer());
    OffsetStore.Committed committed = new OffsetStore(topicReader, config.identity().offsetsTopic()).readAll();
    Map<String, TableOffset> offsets = committed.tables();
    StreamCheckpoint streamStart = settings.streamMode()
        ? streamStart(settings, committed.stream(), resnapshotsEveryTable(settings, offsets)) : null;
    LOG.info("committed offsets read for {} table(s)", offsets.size());
    EmittedHistory history = new EmittedHistory(topicReader);
    ChangelogRestore restore = new ChangelogRestore(kafka.readCommittedConsumer());
    for (TableSpec t : spec.tables()) {
      stores.add(KeyStateStore.open(stateDirectory.resolve(t.qualifiedName())));
    }
    LOG.info("state stores in {}", stateDirectory);
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(spec.capture().parallelism(),
        daemonThreads("capture-"));
    // on stop, a running step finishes and submits its batch; waiting polls are dropped
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    scheduler = executor;
    readAhead = Executors.newFixedThreadPool(spec.capture().parallelism(), daemonThreads("read-ahead-"));
    for (int i = 0; i < spec.tables().size(); i++) {
      TableSpec t = spec.tables().get(i);
      String changelog = changelogTopics.get(t.qualifiedName());
      StateLoader loader = new StateLoader(stores.get(i), new Changelog(changelog,
          sink.changelogTopicIds().get(changelog)), restore, history, progress.get(i), spec.tables().size());
      TableCoordinator capture = new TableCoordinator(t, settings, source, writer, loader, metrics, progress.get(i),
          offsets.get(t.qualifiedName()), readAhead);
      captures.add(capture);
      scheduler.execute(new TableWorker(capture, settings, scheduler, progress.get(i), metrics, this::fail,
          spec.source().user()));
    }
    if (settings.streamMode()) {
      ChangeStreamSpec stream = spec.source().changeStream();
      StreamStart start = StreamRelay.startOf(streamStart);
      relay = new StreamRelay(stream, captures, streamStart, writer, metrics, streamStatus,
          checkpoints -> StreamReader.open(stream, checkpoints, start), this::fail);
      if (stream.dsqlStreamArn() != null) {
        dsqlStreamMonitor = new DsqlStreamMonitor(GetStreamClient.create(stream), stream.kinesisStreamArn(),
            streamStatus, DsqlStreamMonitor.INTERVAL);
        metrics.streamSourceActive(dsqlStreamMonitor::active);
        dsqlStreamMonitor.start();
      }
      relayThread = new Thread(relay, "change-stream-relay");
      relayThread.setDaemon(true);
      relayThread.start();
    }
    started = true;
    LOG.info("pipeline {} capturing {} table(s) into {} (transactional.id {})", config.identity().display(),
        spec.tables().size(), spec.sink().bootstrapServers(), config.identity().transactionalId());
    return true;
  }

  /**
   * The committed stream checkpoint; on the first start, for another stream than the committed one's, or when a
   * snapshot request takes every table again (how a stream gap is recovered from), a new start position, committed
   * before any table starts so that a restart starts at the same place.
   */
  private StreamCheckpoint streamStart(CaptureSettings settings, StreamCheckpoint committed, boolean resnapshot)
      throws InterruptedException {
    ChangeStreamSpec stream = settings.changeStream();
    boolean sameStream = committed != null && committed.streamArn().equals(stream.kinesisStreamArn());
    if (sameStream && !resnapshot) {
      streamStatus.committed(committed);
      return committed;
    }
    if (committed != null && !sameStream) {
      LOG.warn("the committed change stream position is of stream {}; starting stream {} afresh", committed.streamArn(),
          stream.kinesisStreamArn());
    }
    SnapshotMode snapshot = resnapshot ? SnapshotMode.INITIAL : settings.snapshot();
    StreamCheckpoint first = StreamRelay.firstStart(stream, snapshot, Instant.now());
    CountDownLatch noted = new CountDownLatch(1);
    writer.submit(new StreamCheckpointBatch(first, noted::countDown));
    while (!noted.await(200, TimeUnit.MILLISECONDS)) {
      if (writer.failure() != null) {
        throw writer.failure();
      }
    }
    LOG.info("change stream {}: start position noted ({})", stream.kinesisStreamArn(), StreamRelay.startOf(first));
    return first;
  }

  /** A snapshot request new to every table: the stream is read again from before those snapshots. */
  private boolean resnapshotsEveryTable(CaptureSettings settings, Map<String, TableOffset> offsets) {
    return config.spec().tables().stream().allMatch(t -> settings.snapshotRequestFor(t)
        .filter(id -> offsets.get(t.qualifiedName()) == null
            || !id.equals(offsets.get(t.qualifiedName()).snapshotRequestId()))
        .isPresent());
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Blocks until the pipeline fails (returns the failure: the writer's, a {@link FencedException} included, or a
   * table's fatal error) or the timeout passes (returns null).
   */
  public RuntimeException awaitFailure(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (writer != null && writer.failure() != null) {
        fail(writer.failure());
      }
      if (terminated.await(100, TimeUnit.MILLISECONDS)) {
        return fatal.get();
      }
    }
    return null;
  }

  private void fail(RuntimeException e) {
    if (fatal.compareAndSet(null, e)) {
      LOG.error("{}", e.getMessage());
      terminated.countDown();
    }
  }

  private void closeStores() {
    for (TableCoordinator capture : captures) {
      try {
        capture.checkpoint();
      } catch (RuntimeException e) {
        LOG.warn("table {}: no checkpoint on close ({}); the next start reads more of the changelog", capture.name(),
            e.getMessage());
      }
    }
    stores.forEach(KeyStateStore::close);
  }

  /** Stops polling, commits what is queued (unless the writer failed), closes producer and pool. */
  @Override
  public void close() {
    boolean stepsEnded = true;
    if (dsqlStreamMonitor != null) {
      dsqlStreamMonitor.close();
    }
    if (relay != null) {
      relay.stop();
      try {
        relayThread.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (scheduler != null) {
      scheduler.shutdown();
      try {
        if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
          scheduler.shutdownNow();
          stepsEnded = scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        scheduler.shutdownNow();
        stepsEnded = false;
        Thread.currentThread().interrupt();
      }
    }
    if (readAhead != null) {
      readAhead.shutdownNow();
    }
    if (writer != null) {
      writer.close();
    }
    sinkHealth.close();
    captures.forEach(TableCoordinator::stopRebuild);
    // a step still running may use its store: it stays open until the process exits, which RocksDB survives
    if (stepsEnded) {
      closeStores();
    }
    if (sourceProbe != null) {
      sourceProbe.close();
    }
    if (source != null) {
      source.close();
    }
    if (started) {
      LOG.info("pipeline {} stopped", config.identity().display());
    }
    terminated.countDown();
  }
}
