package io.dsqlcdc.capture.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One table's key states on local disk (embedded RocksDB): column family {@code keys} maps a key's text to its
 * {@link KeyState} (present exactly while the key is emitted and not deleted); column family {@code versions} indexes
 * the versions accounted for by cursor, so the unsettled window is rebuilt by reading the versions from its settled
 * bound on, without any event topic. Index entries a key has since moved past are left in place: read in cursor
 * order, the newest version of each key comes last. Heap use does not depend on the number of keys.
 */
public final class KeyStateStore implements AutoCloseable {
  private static final long WRITE_BUFFER_BYTES = 16L << 20;
  private static final long BLOCK_CACHE_BYTES = 32L << 20;
  /** Default column family entry naming the {@link KeyOrder} column family {@code order} is built with. */
  private static final byte[] ORDER_BUILT = "order-built".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES);
  private final ColumnFamilyOptions columnOptions;
  private final DBOptions dbOptions;
  private final WriteOptions logged = new WriteOptions();
  private final WriteOptions unlogged = new WriteOptions().setDisableWAL(true);
  private RocksDB db;
  private ColumnFamilyHandle keys;
  private ColumnFamilyHandle versions;
  private ColumnFamilyHandle order;
  /** Set while the table scans for hard deletes: column family {@code order} is kept then. */
  private KeyOrder keyOrder;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();

  private KeyStateStore(Path dir) {
    this.dir = dir;
    this.columnOptions = new ColumnFamilyOptions()
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
            // index and bloom filter stay with the table readers (off-heap, ~10 bits a key): kept in the 32 MiB
            // block cache, a whole-table filter block competes with the data blocks and a point lookup took ~1 ms
            // at 5M keys instead of ~7 us (bench scenario 7, docs/state-store.md)
            .setFilterPolicy(new BloomFilter(10, false)).setCacheIndexAndFilterBlocks(false))
        .setWriteBufferSize(WRITE_BUFFER_BYTES).setMaxWriteBufferNumber(2)
        .setCompressionType(CompressionType.LZ4_COMPRESSION);
    this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2).setInfoLogLevel(InfoLogLevel.WARN_LEVEL).setKeepLogFileNum(2);
  }

  /**
   * Opens (creating when absent) the store in {@code dir}; a store that cannot be opened (damaged files) is deleted
   * and created empty, so the changelog rebuilds it.
   */
  public static KeyStateStore open(Path dir) {
    KeyStateStore store = new KeyStateStore(dir);
    try {
      store.openDb();
    } catch (StateStoreException e) {
      if (e.locked()) {
        store.closeOptions();
        throw e;
      }
      store.deleteFiles();
      store.openDb();
    }
    return store;
  }

  public Path directory() {
    return dir;
  }

  private void openDb() {
    try {
      Files.createDirectories(dir);
      List<ColumnFamilyDescriptor> descriptors = List.of(
          new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions),
          new ColumnFamilyDescriptor("keys".getBytes(), columnOptions),
          new ColumnFamilyDescriptor("versions".getBytes(), columnOptions),
          new ColumnFamilyDescriptor("order".getBytes(), columnOptions));
      handles.clear();
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      keys = handles.get(1);
      versions = handles.get(2);
      order = handles.get(3);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the state directory " + dir, e);
    } catch (RocksDBException e) {
      throw StateStoreException.opening(dir, e);
    }
  }

  /** The key's committed state, or null when the key is not emitted (never, or deleted since). */
  public KeyState get(String keyText) {
    try (ReadOptions options = new ReadOptions()) {
      return get(keyText, options);
    }
  }

  private KeyState get(String keyText, ReadOptions options) {
    try {
      byte[] value = db.get(keys, options, KeyStateCodec.key(keyText));
      return value == null ? null : KeyStateCodec.decode(value);
    } catch (RocksDBException e) {
      throw StateStoreException.failed("reading", dir, e);
    }
  }

  /** Applies committed changes, in order, through the write-ahead log. */
  public void apply(List<StateChange> changes) {
    List<StoredChange> stored = new ArrayList<>(changes.size());
    for (StateChange c : changes) {
      stored.add(new StoredChange(KeyStateCodec.key(c.keyText()), c.live() ? KeyStateCodec.encode(c.state()) : null,
          c.cursorMicros()));
    }
    write(stored, logged);
  }

  /**
   * Applies changelog records as they were read, bypassing the write-ahead log: the checkpoint is only moved past
   * them after {@link #sync()}, so a crash before that re-reads them.
   */
  void restore(List<StoredChange> changes) {
    write(changes, unlogged);
  }

  private void write(List<StoredChange> changes, WriteOptions options) {
    try (WriteBatch batch = new WriteBatch()) {
      for (StoredChange c : changes) {
        if (c.value() != null) {
          batch.put(keys, c.key(), c.value());
        } else {
          batch.delete(keys, c.key());
        }
        if (keyOrder != null) {
          byte[] ordered = keyOrder.encode(KeyStateCodec.keyText(c.key()));
          if (c.value() != null) {
            batch.put(order, ordered, c.key());
          } else {
            batch.delete(order, ordered);
          }
        }
        batch.put(versions, KeyStateCodec.versionKey(c.cursorMicros(), c.key()), new byte[0]);
      }
      db.write(options, batch);
    } catch (RocksDBException e) {
      throw StateStoreException.failed("writing", dir, e);
    }
  }

  /**
   * Keeps column family {@code order} from now on: every emitted key in primary-key order ({@link KeyOrder}). Built
   * from the key states when the store has no order of this encoding yet (hard deletes just turned on).
   */
  public void useKeyOrder(KeyOrder keyOrder) {
    this.keyOrder = keyOrder;
    try {
      byte[] built = db.get(ORDER_BUILT);
      if (built != null && new String(built, java.nio.charset.StandardCharsets.UTF_8).equals(keyOrder.id())) {
        return;
      }
      try (RocksIterator first = db.newIterator(order)) {
        first.seekToFirst();
        if (first.isValid()) {
          byte[] last;
          try (RocksIterator it = db.newIterator(order)) {
            it.seekToLast();
            last = it.key();
          }
          db.deleteRange(order, first.key(), last);
          db.delete(order, last);
        }
      }
      try (RocksIterator it = db.newIterator(keys); WriteBatch batch = new WriteBatch()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          batch.put(order, keyOrder.encode(KeyStateCodec.keyText(it.key())), it.key());
        }
        batch.put(ORDER_BUILT, keyOrder.id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        db.write(logged, batch);
      }
    } catch (RocksDBException e) {
      throw StateStoreException.failed("building the key order of", dir, e);
    }
  }

  /** An emitted key in primary-key order. */
  public record OrderedKey(byte[] ordered, String keyText) {
  }

  /**
   * Up to {@code limit} emitted keys after {@code afterExclusive} (null: from the first) in primary-key order, up to
   * and including {@code toInclusive} (null: no bound); needs {@link #useKeyOrder}.
   */
  public List<OrderedKey> orderedKeys(byte[] afterExclusive, byte[] toInclusive, int limit) {
    List<OrderedKey> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(order)) {
      if (afterExclusive == null) {
        it.seekToFirst();
      } else {
        it.seek(afterExclusive);
        if (it.isValid() && java.util.Arrays.equals(it.key(), afterExclusive)) {
          it.next();
        }
      }
      for (; it.isValid() && out.size() < limit; it.next()) {
        byte[] k = it.key();
        if (toInclusive != null && java.util.Arrays.compareUnsigned(k, toInclusive) > 0) {
          break;
        }
        out.add(new OrderedKey(k, KeyStateCodec.keyText(it.value())));
      }
    }
    return out;
  }

  /** Every indexed version with a cursor at or above {@code fromCursor}, in cursor order, as (key text, cursor). */
  public void forEachVersion(long fromCursor, BiConsumer<String, Long> each) {
    forEachVersion(fromCursor, each, new ReadOptions());
  }

  private void forEachVersion(long fromCursor, BiConsumer<String, Long> each, ReadOptions options) {
    try (options; RocksIterator it = db.newIterator(versions, options)) {
      for (it.seek(KeyStateCodec.versionBound(fromCursor)); it.isValid(); it.next()) {
        byte[] k = it.key();
        each.accept(KeyStateCodec.versionKeyText(k), KeyStateCodec.versionCursor(k));
      }
    }
  }

  /**
   * The store as it is now, unchanged by later writes, for reading beside them (the window's rebuild while the
   * capture goes on). Close it before the store.
   */
  public View view() {
    return new View(db.getSnapshot());
  }

  /** A consistent read-only view of the store at the moment it was taken. */
  public final class View implements AutoCloseable {
    private final Snapshot snapshot;

    private View(Snapshot snapshot) {
      this.snapshot = snapshot;
    }

    /** The key's state in this view, or null. */
    public KeyState get(String keyText) {
      try (ReadOptions options = new ReadOptions().setSnapshot(snapshot)) {
        return KeyStateStore.this.get(keyText, options);
      }
    }

    /** As {@link KeyStateStore#forEachVersion}, in this view. */
    public void forEachVersion(long fromCursor, BiConsumer<String, Long> each) {
      KeyStateStore.this.forEachVersion(fromCursor, each, new ReadOptions().setSnapshot(snapshot));
    }

    @Override
    public void close() {
      db.releaseSnapshot(snapshot);
    }
  }

  /** Receives the store's keys in chunks. */
  public interface Chunks {
    void accept(List<StateChange> chunk) throws InterruptedException;
  }

  /** Every emitted key with its state, in key order, as changes of at most {@code size}; returns the keys read. */
  public long forEachKey(int size, Chunks chunks) throws InterruptedException {
    long count = 0;
    try (RocksIterator it = db.newIterator(keys)) {
      List<StateChange> chunk = new ArrayList<>(size);
      for (it.seekToFirst(); it.isValid(); it.next()) {
        KeyState state = KeyStateCodec.decode(it.value());
        chunk.add(new StateChange(KeyStateCodec.keyText(it.key()), state.cursorMicros(), state));
        if (chunk.size() == size) {
          chunks.accept(chunk);
          count += chunk.size();
          chunk = new ArrayList<>(size);
        }
      }
      if (!chunk.isEmpty()) {
        chunks.accept(chunk);
        count += chunk.size();
      }
    }
    return count;
  }

  /** Drops the index entries of versions below the settled bound, which no restart needs again. */
  public void pruneVersionsBefore(long cursorMicros) {
    try {
      db.deleteRange(versions, KeyStateCodec.versionBound(Long.MIN_VALUE), KeyStateCodec.versionBound(cursorMicros));
    } catch (RocksDBException e) {
      throw StateStoreException.failed("pruning", dir, e);
    }
  }

  /** Makes everything written so far durable: the write-ahead log synced and restored data flushed to files. */
  public void sync() {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, List.of(keys, versions, order));
      db.flushWal(true);
    } catch (RocksDBException e) {
      throw StateStoreException.failed("syncing", dir, e);
    }
  }

  public Optional<Checkpoint> checkpoint() {
    return Checkpoint.read(dir);
  }

  /** Syncs the store, then records how far into the changelog it is. */
  public void checkpoint(Checkpoint checkpoint) {
    sync();
    checkpoint.write(dir);
  }

  /** Deletes every key state, version and the checkpoint: the store is rebuilt from the changelog. */
  public void wipe() {
    closeDb();
    deleteFiles();
    openDb();
    if (keyOrder != null) {
      useKeyOrder(keyOrder);
    }
  }

  /** RocksDB's estimate of the keys held (emitted and not deleted). */
  public long approximateKeys() {
    return longProperty(keys, "rocksdb.estimate-num-keys");
  }

  /** Bytes on disk and in memory tables. */
  public long sizeBytes() {
    long size = 0;
    for (ColumnFamilyHandle h : List.of(keys, versions, order)) {
      size += longProperty(h, "rocksdb.total-sst-files-size") + longProperty(h, "rocksdb.cur-size-all-mem-tables");
    }
    return size;
  }

  private long longProperty(ColumnFamilyHandle h, String name) {
    try {
      return db.getLongProperty(h, name);
    } catch (RocksDBException e) {
      throw StateStoreException.failed("reading property " + name + " of", dir, e);
    }
  }

  private void deleteFiles() {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the state directory " + dir, e);
    }
  }

  private void closeDb() {
    handles.forEach(ColumnFamilyHandle::close);
    handles.clear();
    if (db != null) {
      db.close();
      db = null;
    }
  }

  private void closeOptions() {
    logged.close();
    unlogged.close();
    columnOptions.close();
    dbOptions.close();
    cache.close();
  }

  @Override
  public void close() {
    closeDb();
    closeOptions();
  }
}
