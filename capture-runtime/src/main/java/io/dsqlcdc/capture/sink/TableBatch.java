package io.dsqlcdc.capture.sink;

import io.dsqlcdc.capture.event.ChangeEvent;
import io.dsqlcdc.capture.offsets.TableOffset;
import java.util.List;

/** Events of one table and the table's state after them: written together, in one Kafka transaction. */
public record TableBatch(String table, List<ChangeEvent> events, TableOffset offset, Runnable onCommitted) {
}
