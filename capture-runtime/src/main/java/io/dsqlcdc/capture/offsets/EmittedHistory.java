package io.dsqlcdc.capture.offsets;

import io.dsqlcdc.capture.event.ChangeEvent;
import io.dsqlcdc.capture.event.RecordHeaders;
import io.dsqlcdc.capture.state.StateChange;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads a table's key states back from its own committed events, as runtimes before the state store did on every
 * start: now only to migrate a table whose offsets predate the store, once. One key's events share a partition, so
 * reading each partition in order replays every key's history in order.
 */
public final class EmittedHistory {
  private final TopicReader reader;

  public EmittedHistory(TopicReader reader) {
    this.reader = reader;
  }

  /** Replays the topic as the state change each event made; returns the number of events replayed. */
  public long replay(String topic, Consumer<StateChange> each) {
    long[] count = {0};
    reader.readAll(topic, r -> {
      StateChange change = changeOf(r.headers());
      if (change != null) {
        each.accept(change);
        count[0]++;
      }
    });
    return count[0];
  }

  /**
   * The key state an event left, from its headers: a delete's key is no longer held, any other event's key is held
   * at the event's version; null for a tombstone and for a record without the runtime's headers.
   */
  static StateChange changeOf(Headers headers) {
    Header key = headers.lastHeader(RecordHeaders.KEY);
    Header op = headers.lastHeader(RecordHeaders.OP);
    Header cursor = headers.lastHeader(RecordHeaders.CURSOR);
    if (key == null || op == null || cursor == null) {
      return null;
    }
    ChangeEvent.Op kind = ChangeEvent.Op.valueOf(new String(op.value(), StandardCharsets.UTF_8));
    if (kind == ChangeEvent.Op.TOMBSTONE) {
      return null;
    }
    String keyText = new String(key.value(), StandardCharsets.UTF_8);
    long cursorMicros = Long.parseLong(new String(cursor.value(), StandardCharsets.UTF_8));
    return kind == ChangeEvent.Op.DELETE ? StateChange.deleted(keyText, cursorMicros)
        : StateChange.emitted(keyText, cursorMicros);
  }
}
