package io.dsqlcdc.capture.snapshot;

import io.dsqlcdc.capture.dispatch.EventDispatcher;
import io.dsqlcdc.capture.event.EventFactory;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.offsets.TableContext;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.state.EmittedState;
import io.dsqlcdc.capture.state.KeyOrder;
import io.dsqlcdc.capture.state.KeyState;
import io.dsqlcdc.capture.state.StateChange;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Stream mode, at the end of a snapshot: a key consumers hold that the snapshot did not read was deleted before the
 * snapshot began, while the table was not relayed (a stream gap, a table failed or given up, before a new snapshot
 * request). Its delete record is older than the snapshot's floor, so the relay drops it with the versions the
 * snapshot read; the snapshot emits the delete itself ({@code d} with the key columns, and a tombstone). A key the
 * snapshot read, or one relayed after the floor, has a high-water at or after the floor.
 */
public final class VanishedKeys {
  private static final Pattern KEY_SEPARATOR = Pattern.compile(Pattern.quote(SourceRow.KEY_SEPARATOR));
  private static final int SCAN_CHUNK = 1000;

  private final TableContext context;
  private final EventDispatcher dispatcher;
  private final EventFactory events;
  private final boolean[] integers;
  private final int batchSize;

  /** @param keyOrder the kinds of the key columns, to write a key from its text as the other events write it */
  public VanishedKeys(TableContext context, EventDispatcher dispatcher, EventFactory events, KeyOrder keyOrder,
                      int batchSize) {
    this.context = context;
    this.dispatcher = dispatcher;
    this.events = events;
    this.integers = keyOrder.integerColumns();
    this.batchSize = batchSize;
  }

  /**
   * Emits the delete of every held key whose high-water is below {@code floorNanos}, submitting them with
   * {@code offset} (the snapshot's, not done yet: after a crash the sweep runs again) every batch; how many.
   */
  public long sweep(long floorNanos, TableOffset offset) throws InterruptedException {
    EmittedState state = context.state();
    long nowMillis = System.currentTimeMillis();
    long[] found = {0};
    state.store().forEachKey(SCAN_CHUNK, chunk -> {
      for (StateChange stored : chunk) {
        KeyState now = state.current(stored.keyText());
        if (now != null && now.held() && (now.streamHighWater() == null || now.streamHighWater() < floorNanos)) {
          dispatcher.vanished(keyRow(stored.keyText(), floorNanos), floorNanos, nowMillis);
          found[0]++;
        }
      }
      if (dispatcher.pending() >= batchSize) {
        dispatcher.submit(offset);
      }
    });
    return found[0];
  }

  private SourceRow keyRow(String keyText, long floorNanos) {
    List<String> keyValues = integers.length == 1 ? List.of(keyText) : Arrays.asList(KEY_SEPARATOR.split(keyText, -1));
    return new SourceRow(events.keyOnlyValues(keyValues, integers), Math.floorDiv(floorNanos, 1000L), keyValues, true);
  }
}
