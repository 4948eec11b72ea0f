package io.dsqlcdc.capture.sink;

import io.dsqlcdc.capture.event.ChangeEvent;
import io.dsqlcdc.capture.event.RecordHeaders;
import io.dsqlcdc.capture.metrics.CaptureMetrics;
import io.dsqlcdc.capture.offsets.OffsetCodec;
import io.dsqlcdc.capture.offsets.StreamCheckpoint;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.api.status.ConnectionReasons;
import io.dsqlcdc.capture.state.Changelog;
import io.dsqlcdc.capture.state.KeyStateCodec;
import io.dsqlcdc.capture.state.StateChange;
import io.dsqlcdc.api.status.ConnectionStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's single transactional producer. Tables submit batches; one commit loop writes whatever batches are
 * ready, of several tables, with the key states they change (to each table's changelog), each table's newest
 * offset and, in stream mode, the change stream's newest checkpoint, in one transaction. A failed commit stops the writer: the in-memory capture state is then ahead of Kafka, so
 * the runtime must restart from the committed state. A batch learns of its commit only after it succeeded.
 */
public final class TransactionalWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionalWriter.class);
  private static final int MAX_RECORDS_PER_TRANSACTION = 50_000;

  private final Producer<byte[], byte[]> producer;
  private final String transactionalId;
  private final String offsetsTopic;
  private final CaptureMetrics metrics;
  private final BlockingQueue<WriteBatch> queue;
  private final AtomicReference<SinkFailedException> failure = new AtomicReference<>();
  private final AtomicReference<ConnectionStatus> status;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final String endpoint;
  private volatile boolean closing;
  /** System.nanoTime() when the running commit began, or 0 between commits. */
  private volatile long commitStartedNanos;
  private Thread loop;

  public TransactionalWriter(Map<String, Object> producerConfig, String transactionalId, String offsetsTopic,
                             int queueCapacity, CaptureMetrics metrics) {
    this(new KafkaProducer<>(producerConfig), String.valueOf(producerConfig.get("bootstrap.servers")), transactionalId,
        offsetsTopic, queueCapacity, metrics);
  }

  /** @param producer a transactional producer of byte arrays; {@code endpoint} names its cluster in status */
  public TransactionalWriter(Producer<byte[], byte[]> producer, String endpoint, String transactionalId,
                             String offsetsTopic, int queueCapacity, CaptureMetrics metrics) {
    this.producer = producer;
    this.transactionalId = transactionalId;
    this.offsetsTopic = offsetsTopic;
    this.metrics = metrics;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.endpoint = endpoint;
    this.status = new AtomicReference<>(
        ConnectionStatus.down(endpoint, ConnectionReasons.CONNECTING, "initializing transactions"));
  }

  /** Registers the transactional.id, which fences any older runtime of this pipeline and aborts its open transaction. */
  public void start() {
    try {
      producer.initTransactions();
    } catch (ProducerFencedException | InvalidProducerEpochException e) {
      throw new FencedException(transactionalId, e);
    }
    status.set(ConnectionStatus.up(endpoint));
    loop = new Thread(this::commitLoop, "kafka-commit-loop");
    loop.start();
  }

  /** Queues a batch, waiting while the queue is full; fails once the writer has failed. */
  public void submit(WriteBatch batch) throws InterruptedException {
    while (true) {
      SinkFailedException f = failure.get();
      if (f != null) {
        throw f;
      }
      if (closing) {
        throw new SinkFailedException("the writer is closing", null);
      }
      if (queue.offer(batch, 200, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  public SinkFailedException failure() {
    return failure.get();
  }

  public ConnectionStatus status() {
    return status.get();
  }

  /** How long the transaction being committed has been at it; zero between commits. */
  public Duration commitRunningFor() {
    long started = commitStartedNanos;
    return started == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
  }

  /** Waits until the commit loop ends (after close, or a failure). */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void commitLoop() {
    try {
      while (!closing || !queue.isEmpty()) {
        WriteBatch first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<WriteBatch> batches = new ArrayList<>();
        batches.add(first);
        int records = first.records();
        while (records < MAX_RECORDS_PER_TRANSACTION) {
          WriteBatch next = queue.poll();
          if (next == null) {
            break;
          }
          batches.add(next);
          records += next.records();
        }
        commitStartedNanos = System.nanoTime();
        try {
          commit(batches);
        } finally {
          commitStartedNanos = 0;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SinkFailedException e) {
      failure.compareAndSet(null, e);
    } catch (RuntimeException e) {
      failure.compareAndSet(null, new SinkFailedException("the commit loop failed: " + e, e));
    } finally {
      stopped.countDown();
    }
  }

  private void commit(List<WriteBatch> batches) {
    Map<String, TableOffset> offsets = new LinkedHashMap<>();
    StreamCheckpoint stream = null;
    List<List<Future<RecordMetadata>>> stateWrites = new ArrayList<>(batches.size());
    try {
      producer.beginTransaction();
      for (WriteBatch batch : batches) {
        List<Future<RecordMetadata>> writes = new ArrayList<>();
        if (batch instanceof TableBatch b) {
          for (ChangeEvent e : b.events()) {
            producer.send(record(e));
          }
          for (StateChange c : b.stateChanges()) {
            writes.add(producer.send(stateRecord(b.changelogTopic(), c)));
          }
          offsets.put(b.table(), b.offset());
        } else if (batch instanceof StreamCheckpointBatch c) {
          stream = c.checkpoint();
        }
        stateWrites.add(writes);
      }
      offsets.forEach((table, offset) ->
          producer.send(new ProducerRecord<>(offsetsTopic, OffsetCodec.key(table), OffsetCodec.encode(offset))));
      if (stream != null) {
        producer.send(new ProducerRecord<>(offsetsTopic, OffsetCodec.key(OffsetCodec.STREAM_KEY),
            OffsetCodec.encodeStream(stream)));
      }
      producer.commitTransaction();
      metrics.transaction(true);
      status.set(ConnectionStatus.up(endpoint));
    } catch (ProducerFencedException | InvalidProducerEpochException e) {
      metrics.transaction(false);
      status.set(ConnectionStatus.down(endpoint, ConnectionReasons.FENCED, e.getMessage()));
      throw new FencedException(transactionalId, e);
    } catch (KafkaException e) {
      metrics.transaction(false);
      if (SinkErrors.isFencing(e)) {
        status.set(ConnectionStatus.down(endpoint, ConnectionReasons.FENCED, e.getMessage()));
        throw new FencedException(transactionalId, e);
      }
      String why = SinkErrors.transactionFailure(e);
      status.set(ConnectionStatus.down(endpoint, ConnectionReasons.COMMIT_FAILED, why));
      try {
        producer.abortTransaction();
      } catch (KafkaException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      throw new SinkFailedException("Kafka transaction failed; restart to resume from the committed state: " + why,
          e);
    }
    for (int i = 0; i < batches.size(); i++) {
      WriteBatch batch = batches.get(i);
      if (batch instanceof TableBatch b) {
        b.onCommitted().accept(nextOffsets(stateWrites.get(i)));
      } else if (batch instanceof StreamCheckpointBatch c) {
        c.onCommitted().run();
      }
    }
  }

  /** The offset after the last record per partition, from sends that completed with the commit. */
  private static Map<Integer, Long> nextOffsets(List<Future<RecordMetadata>> writes) {
    Map<Integer, Long> next = new HashMap<>();
    for (Future<RecordMetadata> w : writes) {
      RecordMetadata m;
      try {
        m = w.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SinkFailedException("interrupted after a commit", e);
      } catch (ExecutionException e) {
        throw new SinkFailedException("a committed changelog record reports a failure: " + e.getCause(), e);
      }
      next.merge(m.partition(), m.offset() + 1, Math::max);
    }
    return next;
  }

  private static ProducerRecord<byte[], byte[]> stateRecord(String topic, StateChange c) {
    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, KeyStateCodec.key(c.keyText()),
        c.live() ? KeyStateCodec.encode(c.state()) : null);
    if (!c.live()) {
      r.headers().add(new RecordHeader(Changelog.CURSOR_HEADER, KeyStateCodec.cursorHeader(c.cursorMicros())));
    }
    return r;
  }

  private static ProducerRecord<byte[], byte[]> record(ChangeEvent e) {
    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(e.topic(), e.key(), e.value());
    r.headers().add(new RecordHeader(RecordHeaders.KEY, e.keyText().getBytes(StandardCharsets.UTF_8)));
    r.headers().add(new RecordHeader(RecordHeaders.CURSOR,
        Long.toString(e.cursorMicros()).getBytes(StandardCharsets.UTF_8)));
    r.headers().add(new RecordHeader(RecordHeaders.OP, e.op().name().getBytes(StandardCharsets.UTF_8)));
    r.headers().add(new RecordHeader(RecordHeaders.SCHEMA_VERSION,
        Long.toString(e.schemaVersion()).getBytes(StandardCharsets.UTF_8)));
    return r;
  }

  /** Commits what is queued (a clean stop), then closes the producer. */
  @Override
  public void close() {
    closing = true;
    try {
      if (loop != null) {
        loop.join(Duration.ofSeconds(60).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      producer.close(Duration.ofSeconds(10));
    } catch (KafkaException e) {
      LOG.warn("closing the producer failed: {}", e.getMessage());
    }
  }
}
