package io.dsqlcdc.capture.kinesis;

import io.dsqlcdc.capture.offsets.ShardCheckpoint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which shards may be read now, and from where. A shard is read only after each of its parents still in the stream
 * was read to its end, so a key's records in a parent come out before its records in the child. Where a shard
 * starts: after its checkpoint; at its beginning when a parent was read (its records all follow the parent's);
 * else at the stream start, where a closed shard under {@link StreamStart.Kind#LATEST} has nothing new and counts
 * as done. A shard with an ended checkpoint is done.
 */
final class ShardLineage {
  private final Map<String, ShardCheckpoint> checkpoints;
  private final StreamStart start;
  private final Map<String, ShardInfo> listed = new LinkedHashMap<>();
  private final Map<String, IteratorPosition> opened = new HashMap<>();
  private final Set<String> done = new HashSet<>();

  ShardLineage(Map<String, ShardCheckpoint> checkpoints, StreamStart start) {
    this.checkpoints = Map.copyOf(checkpoints);
    this.start = start;
  }

  /** Takes the stream's current shards; returns the shards that became readable, each with its start. */
  Map<String, IteratorPosition> update(List<ShardInfo> shards) {
    listed.clear();
    shards.forEach(s -> listed.put(s.shardId(), s));
    Map<String, IteratorPosition> readable = new LinkedHashMap<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (ShardInfo shard : listed.values()) {
        String id = shard.shardId();
        if (done.contains(id) || opened.containsKey(id) || !parentsDone(shard)) {
          continue;
        }
        IteratorPosition position = startOf(shard);
        if (position == null) {
          done.add(id);
        } else {
          opened.put(id, position);
          readable.put(id, position);
        }
        changed = true;
      }
    }
    return readable;
  }

  /** The shard was read to its end: its children may become readable at the next {@link #update}. */
  void finished(String shardId) {
    done.add(shardId);
  }

  /** Whether a shard was read to its end or skipped. */
  boolean isDone(String shardId) {
    return done.contains(shardId);
  }

  private boolean parentsDone(ShardInfo shard) {
    return shard.parents().stream().allMatch(p -> done.contains(p) || !listed.containsKey(p));
  }

  /** Where the shard starts, or null when it has nothing to read. */
  private IteratorPosition startOf(ShardInfo shard) {
    ShardCheckpoint checkpoint = checkpoints.get(shard.shardId());
    if (checkpoint != null) {
      return checkpoint.ended() ? null : IteratorPosition.afterSequenceNumber(checkpoint.sequenceNumber());
    }
    IteratorPosition inherited = null;
    for (String parent : shard.parents()) {
      IteratorPosition fromParent = inheritedFrom(parent);
      if (fromParent != null && (inherited == null || fromParent.timestamp() == null)) {
        inherited = fromParent;
      }
    }
    if (inherited != null) {
      return inherited;
    }
    return switch (start.kind()) {
      case LATEST -> shard.closed() ? null : IteratorPosition.latest();
      case TRIM_HORIZON -> IteratorPosition.trimHorizon();
      case AT_TIMESTAMP -> IteratorPosition.atTimestamp(start.timestamp());
    };
  }

  /** A child's start when this parent was (or is being) relayed: the same timestamp, else its beginning. */
  private IteratorPosition inheritedFrom(String parent) {
    IteratorPosition parentStart = opened.get(parent);
    if (parentStart != null && parentStart.timestamp() != null) {
      return parentStart;
    }
    return parentStart != null || checkpoints.containsKey(parent) ? IteratorPosition.trimHorizon() : null;
  }
}
