package io.dsqlcdc.capture.offsets;

import io.dsqlcdc.capture.event.ChangeEvent;
import io.dsqlcdc.capture.sink.RecordHeaders;
import io.dsqlcdc.capture.streaming.EmittedKeys;
import io.dsqlcdc.capture.streaming.UnsettledWindow;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;

/**
 * Rebuilds a table's capture memory from its own committed events: which keys exist for consumers (the emitted-key
 * set) and, for unsettled cursors, which version of each key was emitted. One key's events share a partition, so
 * reading each partition in order replays every key's history in order.
 */
public final class EmittedHistory {
  private final TopicReader reader;

  public EmittedHistory(TopicReader reader) {
    this.reader = reader;
  }

  /** Replays the topic into the given (empty) structures; returns the number of events replayed. */
  public long replay(String topic, EmittedKeys keys, UnsettledWindow window) {
    long[] count = {0};
    reader.readAll(topic, r -> {
      Header key = r.headers().lastHeader(RecordHeaders.KEY);
      Header op = r.headers().lastHeader(RecordHeaders.OP);
      Header cursor = r.headers().lastHeader(RecordHeaders.CURSOR);
      if (key == null || op == null || cursor == null) {
        return;
      }
      ChangeEvent.Op kind = ChangeEvent.Op.valueOf(new String(op.value(), StandardCharsets.UTF_8));
      if (kind == ChangeEvent.Op.TOMBSTONE) {
        return;
      }
      String keyText = new String(key.value(), StandardCharsets.UTF_8);
      if (kind == ChangeEvent.Op.DELETE) {
        keys.remove(keyText);
      } else {
        keys.add(keyText);
      }
      window.record(keyText, Long.parseLong(new String(cursor.value(), StandardCharsets.UTF_8)));
      count[0]++;
    });
    return count[0];
  }
}
