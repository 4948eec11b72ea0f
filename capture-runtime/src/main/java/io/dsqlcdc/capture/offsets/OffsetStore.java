package io.dsqlcdc.capture.offsets;

import java.util.HashMap;
import java.util.Map;

/** The committed state of every table, and of the change stream, read from the pipeline's compacted offsets topic. */
public final class OffsetStore {
  private final TopicReader reader;
  private final String topic;

  public OffsetStore(TopicReader reader, String topic) {
    this.reader = reader;
    this.topic = topic;
  }

  /**
   * What Kafka committed.
   *
   * @param tables the newest committed offset per table
   * @param stream the newest change stream checkpoint; null when the pipeline never read the stream
   */
  public record Committed(Map<String, TableOffset> tables, StreamCheckpoint stream) {
  }

  public Committed readAll() {
    Map<String, TableOffset> offsets = new HashMap<>();
    StreamCheckpoint[] stream = new StreamCheckpoint[1];
    reader.readAll(topic, r -> {
      if (r.key() == null || r.value() == null) {
        return;
      }
      if (OffsetCodec.isStreamKey(r.key())) {
        stream[0] = OffsetCodec.decodeStream(r.value());
      } else {
        offsets.put(OffsetCodec.table(r.key()), OffsetCodec.decode(r.value()));
      }
    });
    return new Committed(offsets, stream[0]);
  }
}
