package io.dsqlcdc.capture.changestream;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Turns the messages read from all shards into complete changes. A {@code full} record is complete as it is. A
 * {@code chunked} main record and its fragments may arrive on any shards in any order: they are held until every
 * fragment of every split image is there, then each image is concatenated in index order, its CRC32C compared with
 * the main record's, and parsed. Never a partial record: a checksum that does not match, a set still incomplete past
 * the timeout, or more bytes held than the cap are a {@link CdcRecordException}.
 *
 * <p>Redeliveries: a fragment whose index is already held, and a main record or fragment of a set completed within
 * the last {@code rememberCompleted}, are discarded (their positions come back in {@link Step#discarded()} so they
 * count as released). A redelivered main record of a set completed longer ago than that waits for fragments that
 * will not come again and times out.
 */
public final class FragmentAssembler {
  private final Duration timeout;
  private final Duration rememberCompleted;
  private final long maxBytes;
  private final InstantSource clock;
  private final Map<String, FragmentSet> sets = new HashMap<>();
  private final Map<String, PendingMain> mains = new HashMap<>();
  /** Chunk ids of completed sets by completion time, oldest first. */
  private final LinkedHashMap<String, Instant> completed = new LinkedHashMap<>();
  private long heldBytes;

  /**
   * @param timeout           how long a set may stay incomplete after its first piece was read (by {@code clock})
   * @param rememberCompleted how long redelivered pieces of a completed set are recognized
   * @param maxBytes          the most bytes of held pieces (their Kinesis data)
   */
  public FragmentAssembler(Duration timeout, Duration rememberCompleted, long maxBytes, InstantSource clock) {
    this.timeout = timeout;
    this.rememberCompleted = rememberCompleted;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  /**
   * What one message brought.
   *
   * @param completed the change it completed, or null
   * @param discarded redelivered pieces dropped on arrival
   */
  public record Step(ArrivedChange completed, List<RecordPosition> discarded) {

    public Step {
      discarded = List.copyOf(discarded);
    }

    static Step none() {
      return new Step(null, List.of());
    }

    static Step discard(RecordPosition position) {
      return new Step(null, List.of(position));
    }
  }

  private record Piece(String data, RecordPosition position, Instant arrival, long bytes) {
  }

  private static final class FragmentSet {
    final TreeMap<Integer, Piece> pieces = new TreeMap<>();
    final Instant firstSeen;

    FragmentSet(Instant firstSeen) {
      this.firstSeen = firstSeen;
    }
  }

  private record PendingMain(ChunkedRecord record, RecordPosition position, Instant arrival, Instant seen,
                             long bytes) {
  }

  /** Takes one parsed message with the Kinesis record it came in. */
  public Step offer(ShardRecord raw, CdcMessage message) {
    forgetOldCompleted();
    if (message instanceof CdcRecord full) {
      return new Step(new ArrivedChange(full, raw.arrival(), List.of(raw.position())), List.of());
    }
    if (message instanceof ChunkedRecord main) {
      return offerMain(raw, main);
    }
    return offerFragment(raw, (CdcFragment) message);
  }

  private Step offerMain(ShardRecord raw, ChunkedRecord main) {
    RecordPosition at = raw.position();
    for (ChunkedRecord.ChunkRef ref : main.chunks()) {
      if (completed.containsKey(ref.chunkId()) || mains.containsKey(ref.chunkId())) {
        return Step.discard(at);
      }
    }
    hold(raw.data().length, at);
    PendingMain pending = new PendingMain(main, at, raw.arrival(), clock.instant(), raw.data().length);
    for (ChunkedRecord.ChunkRef ref : main.chunks()) {
      mains.put(ref.chunkId(), pending);
      FragmentSet set = sets.get(ref.chunkId());
      if (set != null && !set.pieces.isEmpty() && set.pieces.lastKey() >= ref.totalFragments()) {
        throw new CdcRecordException("the chunked record at " + at + " has " + ref.totalFragments()
            + " fragments for chunk " + ref.chunkId() + ", but fragment " + set.pieces.lastKey() + " arrived at "
            + set.pieces.lastEntry().getValue().position());
      }
    }
    return tryComplete(pending);
  }

  private Step offerFragment(ShardRecord raw, CdcFragment fragment) {
    RecordPosition at = raw.position();
    String chunkId = fragment.chunkId();
    if (completed.containsKey(chunkId)) {
      return Step.discard(at);
    }
    FragmentSet set = sets.computeIfAbsent(chunkId, id -> new FragmentSet(clock.instant()));
    if (set.pieces.containsKey(fragment.index())) {
      return Step.discard(at);
    }
    PendingMain main = mains.get(chunkId);
    if (main != null) {
      int total = refFor(main.record(), chunkId).totalFragments();
      if (fragment.index() >= total) {
        throw new CdcRecordException("the fragment at " + at + " has index " + fragment.index()
            + ", but chunk " + chunkId + " has " + total + " fragments (main record at " + main.position() + ")");
      }
    }
    hold(raw.data().length, at);
    set.pieces.put(fragment.index(), new Piece(fragment.data(), at, raw.arrival(), raw.data().length));
    return main == null ? Step.none() : tryComplete(main);
  }

  private void hold(long bytes, RecordPosition position) {
    if (heldBytes + bytes > maxBytes) {
      throw new CdcRecordException("the fragments of split change stream records held for reassembly would exceed "
          + maxBytes + " bytes with the record at " + position + " (" + heldBytes + " bytes held in " + sets.size()
          + " incomplete images): raise the limit or look for fragments that never arrive");
    }
    heldBytes += bytes;
  }

  private static ChunkedRecord.ChunkRef refFor(ChunkedRecord main, String chunkId) {
    return main.beforeChunk() != null && main.beforeChunk().chunkId().equals(chunkId)
        ? main.beforeChunk() : main.afterChunk();
  }

  private Step tryComplete(PendingMain main) {
    for (ChunkedRecord.ChunkRef ref : main.record().chunks()) {
      FragmentSet set = sets.get(ref.chunkId());
      if (set == null || set.pieces.size() < ref.totalFragments()) {
        return Step.none();
      }
    }
    List<RecordPosition> pieces = new ArrayList<>();
    pieces.add(main.position());
    Instant arrival = main.arrival();
    for (ChunkedRecord.ChunkRef ref : main.record().chunks()) {
      for (Piece piece : sets.get(ref.chunkId()).pieces.values()) {
        arrival = piece.arrival().isAfter(arrival) ? piece.arrival() : arrival;
      }
    }
    ChunkedRecord.ChunkRef before = main.record().beforeChunk();
    ChunkedRecord.ChunkRef after = main.record().afterChunk();
    Map<String, JsonNode> beforeImage = before == null ? null : reassemble(main, before, pieces);
    Map<String, JsonNode> afterImage = after == null ? null : reassemble(main, after, pieces);
    Instant now = clock.instant();
    for (ChunkedRecord.ChunkRef ref : main.record().chunks()) {
      FragmentSet set = sets.remove(ref.chunkId());
      set.pieces.values().forEach(p -> heldBytes -= p.bytes());
      mains.remove(ref.chunkId());
      completed.put(ref.chunkId(), now);
    }
    heldBytes -= main.bytes();
    return new Step(new ArrivedChange(main.record().complete(beforeImage, afterImage), arrival, pieces), List.of());
  }

  private Map<String, JsonNode> reassemble(PendingMain main, ChunkedRecord.ChunkRef ref, List<RecordPosition> pieces) {
    FragmentSet set = sets.get(ref.chunkId());
    StringBuilder text = new StringBuilder();
    for (Piece piece : set.pieces.values()) {
      text.append(piece.data());
      pieces.add(piece.position());
    }
    CRC32C crc = new CRC32C();
    crc.update(text.toString().getBytes(StandardCharsets.UTF_8));
    String image = main.record().beforeChunk() == ref ? "before" : "after";
    if (crc.getValue() != ref.crc32c()) {
      throw new CdcRecordException("the " + image + " image of the chunked record at " + main.position()
          + " (chunk " + ref.chunkId() + ", " + ref.totalFragments() + " fragments) has CRC32C " + crc.getValue()
          + " but the record says " + ref.crc32c() + ": a fragment was corrupted");
    }
    return CdcRecordParser.image(text.toString(), "the reassembled " + image + " image of the chunked record at "
        + main.position());
  }

  /**
   * Fails on the first set still incomplete {@code timeout} after its first piece was read: a fragment or the main
   * record was lost. Call it regularly, e.g. after each batch read.
   */
  public void checkTimeouts() {
    Instant deadline = clock.instant().minus(timeout);
    for (Map.Entry<String, FragmentSet> e : sets.entrySet()) {
      if (e.getValue().firstSeen.isBefore(deadline)) {
        PendingMain main = mains.get(e.getKey());
        FragmentSet set = e.getValue();
        throw new CdcRecordException("chunk " + e.getKey() + " of a split change stream record is still incomplete "
            + timeout.toSeconds() + " s after its first piece was read: " + describe(e.getKey(), set, main));
      }
    }
    for (Map.Entry<String, PendingMain> e : mains.entrySet()) {
      if (!sets.containsKey(e.getKey()) && e.getValue().seen().isBefore(deadline)) {
        throw new CdcRecordException("chunk " + e.getKey() + " of a split change stream record is still incomplete "
            + timeout.toSeconds() + " s after its first piece was read: " + describe(e.getKey(), null, e.getValue()));
      }
    }
  }

  private static String describe(String chunkId, FragmentSet set, PendingMain main) {
    String fragments = set == null ? "no fragment arrived"
        : "fragments " + set.pieces.keySet() + " arrived (the first at " + set.pieces.firstEntry().getValue().position()
            + ")";
    String mainText = main == null ? "the main record never arrived"
        : "the main record at " + main.position() + " expects " + refFor(main.record(), chunkId).totalFragments();
    return fragments + ", " + mainText;
  }

  private void forgetOldCompleted() {
    Instant horizon = clock.instant().minus(rememberCompleted);
    Iterator<Instant> it = completed.values().iterator();
    while (it.hasNext() && it.next().isBefore(horizon)) {
      it.remove();
    }
  }

  /** The bytes of the pieces held for reassembly now. */
  public long heldBytes() {
    return heldBytes;
  }
}
