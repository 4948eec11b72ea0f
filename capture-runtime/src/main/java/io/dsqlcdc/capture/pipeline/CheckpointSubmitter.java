package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.capture.offsets.ShardCheckpoint;
import io.dsqlcdc.capture.offsets.StreamCheckpoint;
import io.dsqlcdc.capture.sink.StreamCheckpointBatch;
import io.dsqlcdc.capture.sink.TransactionalWriter;
import io.dsqlcdc.capture.status.StreamStatus;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Stream mode's commits: after a round, each table that emitted submits its batch, and then the stream checkpoint
 * goes to the same writer, so one Kafka transaction carries a checkpoint no earlier than the events it covers. A
 * checkpoint that did not move is not submitted; one that only moved (no events) at most every second. Used by the
 * relay's thread only.
 */
final class CheckpointSubmitter {
  /** A checkpoint that only moved (no events) is submitted at most this often. */
  static final Duration CHECKPOINT_ONLY_INTERVAL = Duration.ofSeconds(1);

  private final TransactionalWriter writer;
  private final StreamStatus status;
  private final LongSupplier nanoTime;
  private final Set<StreamedTable> emitted = new LinkedHashSet<>();
  private StreamCheckpoint checkpoint;
  private Map<String, ShardCheckpoint> submittedShards = Map.of();
  private Long lastSubmitNanos;

  /** @param committed the checkpoint Kafka holds */
  CheckpointSubmitter(StreamCheckpoint committed, TransactionalWriter writer, StreamStatus status,
                      LongSupplier nanoTime) {
    this.checkpoint = committed;
    this.writer = writer;
    this.status = status;
    this.nanoTime = nanoTime;
  }

  /** The last checkpoint submitted (at first, the committed one): where a new session reads from. */
  StreamCheckpoint checkpoint() {
    return checkpoint;
  }

  /** A session starts with these shard checkpoints: the same again is not submitted. */
  void resumedAt(Map<String, ShardCheckpoint> shards) {
    submittedShards = shards;
  }

  /** The table emitted an event: it submits at the next {@link #submit}. */
  void emitted(StreamedTable table) {
    emitted.add(table);
  }

  /**
   * Submits each table that emitted since the last call, then the shards' checkpoint when it moved: at once after
   * events or when {@code last}, else at most every {@link #CHECKPOINT_ONLY_INTERVAL}.
   */
  void submit(Map<String, ShardCheckpoint> shards, boolean last) throws InterruptedException {
    boolean events = !emitted.isEmpty();
    for (StreamedTable table : emitted) {
      table.submit();
    }
    emitted.clear();
    long now = nanoTime.getAsLong();
    boolean due = events || last || lastSubmitNanos == null
        || now - lastSubmitNanos >= CHECKPOINT_ONLY_INTERVAL.toNanos();
    if (!due || shards.equals(submittedShards)) {
      return;
    }
    StreamCheckpoint next = checkpoint.withShards(shards);
    writer.submit(new StreamCheckpointBatch(next, () -> status.committed(next)));
    checkpoint = next;
    submittedShards = shards;
    lastSubmitNanos = now;
  }
}
