package io.dsqlcdc.capture.offsets;

import java.util.HashMap;
import java.util.Map;

/** The committed state of every table, read from the pipeline's compacted offsets topic. */
public final class OffsetStore {
  private final TopicReader reader;
  private final String topic;

  public OffsetStore(TopicReader reader, String topic) {
    this.reader = reader;
    this.topic = topic;
  }

  /** The newest committed offset per table. */
  public Map<String, TableOffset> readAll() {
    Map<String, TableOffset> offsets = new HashMap<>();
    reader.readAll(topic, r -> {
      if (r.key() != null && r.value() != null) {
        offsets.put(OffsetCodec.table(r.key()), OffsetCodec.decode(r.value()));
      }
    });
    return offsets;
  }
}
