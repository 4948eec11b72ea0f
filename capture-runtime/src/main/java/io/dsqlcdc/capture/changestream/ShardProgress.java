package io.dsqlcdc.capture.changestream;

import io.dsqlcdc.capture.offsets.ShardCheckpoint;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which records of each shard were read and which were released (emitted or dropped), and so how far each shard
 * may be checkpointed: to the last record of the prefix, in read order, whose records are all released. A record
 * held in the grace window, or a piece of a split record still being reassembled (every piece stays pinned until
 * the reassembled change is released), stops its shard's checkpoint before it. On restart reading resumes after each
 * checkpoint: a record after it may have been emitted already, and the key's high-water drops it then.
 *
 * <p>A record may also be pinned: it is never released in this run (its table cannot take it now), so its shard's
 * checkpoint stays before it and the record is read again after a restart or a rewind. Once everything before a
 * pinned record is released, its shard is frozen: its checkpoint cannot move any more, so later records of it are no
 * longer tracked, and a table failing for hours costs no memory.
 *
 * <p>Memory: the unreleased records and those read after the first of them, per shard, up to a frozen shard's pin.
 * Not thread safe.
 */
public final class ShardProgress {
  private enum Mark { READ, RELEASED, PINNED }

  private static final class Shard {
    final ArrayDeque<String> unsettled = new ArrayDeque<>();
    final Map<String, Mark> marks = new HashMap<>();
    final Map<String, Instant> arrivals = new HashMap<>();
    String checkpoint;
    Instant checkpointArrival;
    boolean readToEnd;
    boolean frozen;
    Instant pinArrival;

    void advance() {
      while (!unsettled.isEmpty() && marks.get(unsettled.peek()) != Mark.READ) {
        if (marks.get(unsettled.peek()) == Mark.PINNED) {
          frozen = true;
          pinArrival = arrivals.get(unsettled.peek());
          unsettled.clear();
          marks.clear();
          arrivals.clear();
          return;
        }
        String sequence = unsettled.poll();
        marks.remove(sequence);
        checkpoint = sequence;
        checkpointArrival = arrivals.remove(sequence);
      }
    }
  }

  private final Map<String, Shard> shards = new LinkedHashMap<>();

  /** Starts a shard where the last run's checkpoint left it (reading resumes after it). */
  public void resume(ShardCheckpoint checkpoint) {
    Shard shard = shard(checkpoint.shardId());
    shard.checkpoint = checkpoint.sequenceNumber();
    shard.checkpointArrival = checkpoint.arrival();
    shard.readToEnd = checkpoint.ended();
  }

  /** A record was read; call in the order each shard's records are read. */
  public void read(RecordPosition position, Instant arrival) {
    Shard shard = shard(position.shardId());
    if (shard.frozen) {
      return;
    }
    if (shard.marks.putIfAbsent(position.sequenceNumber(), Mark.READ) != null) {
      throw new IllegalArgumentException("the record at " + position + " was read twice");
    }
    shard.unsettled.add(position.sequenceNumber());
    shard.arrivals.put(position.sequenceNumber(), arrival);
  }

  /** A record was emitted or dropped. */
  public void release(RecordPosition position) {
    mark(position, Mark.RELEASED);
  }

  /** The record stays unreleased in this run: its shard's checkpoint stops before it. */
  public void pin(RecordPosition position) {
    mark(position, Mark.PINNED);
  }

  public void pin(Collection<RecordPosition> positions) {
    positions.forEach(this::pin);
  }

  private void mark(RecordPosition position, Mark mark) {
    Shard shard = shards.get(position.shardId());
    if (shard != null && shard.frozen) {
      return;
    }
    Mark was = shard == null ? null : shard.marks.get(position.sequenceNumber());
    if (was != Mark.READ) {
      throw new IllegalArgumentException("the record at " + position + (was == null ? " was not read"
          : " was released or pinned already"));
    }
    shard.marks.put(position.sequenceNumber(), mark);
    shard.advance();
  }

  public void release(Collection<RecordPosition> positions) {
    positions.forEach(this::release);
  }

  /** The shard was read to its end (a closed shard after resharding): nothing more will be read from it. */
  public void readToEnd(String shardId) {
    shard(shardId).readToEnd = true;
  }

  /** The arrival of the oldest record read and not released (a frozen shard's pin included), or null when none. */
  public Instant oldestUnreleased() {
    Instant oldest = null;
    for (Shard shard : shards.values()) {
      Instant first = shard.frozen ? shard.pinArrival
          : shard.unsettled.isEmpty() ? null : shard.arrivals.get(shard.unsettled.peek());
      if (first != null && (oldest == null || first.isBefore(oldest))) {
        oldest = first;
      }
    }
    return oldest;
  }

  /** Every shard's checkpoint (shards with nothing released yet have none), in the order they were first seen. */
  public Map<String, ShardCheckpoint> checkpoint() {
    Map<String, ShardCheckpoint> out = new LinkedHashMap<>();
    shards.forEach((id, shard) -> {
      boolean ended = shard.readToEnd && shard.unsettled.isEmpty() && !shard.frozen;
      if (ended) {
        out.put(id, ShardCheckpoint.ended(id, shard.checkpoint, shard.checkpointArrival));
      } else if (shard.checkpoint != null) {
        out.put(id, ShardCheckpoint.after(id, shard.checkpoint, shard.checkpointArrival));
      }
    });
    return out;
  }

  private Shard shard(String shardId) {
    return shards.computeIfAbsent(shardId, id -> new Shard());
  }
}
