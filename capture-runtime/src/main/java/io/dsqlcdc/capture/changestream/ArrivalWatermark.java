package io.dsqlcdc.capture.changestream;

import io.dsqlcdc.capture.kinesis.ShardRecord;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The grace window's clock when records carry Kinesis' arrival time: the earliest arrival time up to which every
 * shard being read has been read. Reading live, every shard is caught up and this is about now; reading a backlog
 * (after a restart, or behind a throttled shard), it is where the slowest shard is, so a record is released only
 * once every shard has been read past its arrival plus the grace window, and a version of the same key in a shard
 * read more slowly is not overtaken. Without it, shards read at different speeds would reorder the stream by far
 * more than the grace window and turn intermediate versions into stale drops.
 *
 * <p>A shard counts from {@link #opened} (where its reading starts) until {@link #ended}; its position rises with
 * each record read and with each {@link #reached} (a read's {@code MillisBehindLatest} says the shard holds nothing
 * older than {@code now - millisBehindLatest}). With no shard open it is the wall clock. Not thread safe.
 */
public final class ArrivalWatermark implements InstantSource {
  private final InstantSource clock;
  private final Map<String, Instant> positions = new HashMap<>();

  public ArrivalWatermark(InstantSource clock) {
    this.clock = clock;
  }

  /**
   * A shard's reading starts: from the arrival of its checkpoint's record, from its parents' end, or from now (a
   * start at the latest position). It holds the watermark there until it is read further.
   */
  public void opened(String shardId, Instant from) {
    positions.merge(shardId, from, ArrivalWatermark::later);
  }

  /** A record was read: its shard has been read up to its arrival. */
  public void read(ShardRecord record) {
    positions.computeIfPresent(record.shardId(), (id, at) -> later(at, record.arrival()));
  }

  /** A shard holds nothing unread that arrived before {@code upTo} (the time of a read minus its lag). */
  public void reached(String shardId, Instant upTo) {
    positions.computeIfPresent(shardId, (id, at) -> later(at, upTo));
  }

  /** A shard was read to its end: it no longer holds the watermark back. */
  public void ended(String shardId) {
    positions.remove(shardId);
  }

  @Override
  public Instant instant() {
    return positions.isEmpty() ? clock.instant() : Collections.min(positions.values());
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
