package io.dsqlcdc.capture.sink;

import io.dsqlcdc.capture.event.ChangeEvent;
import io.dsqlcdc.capture.offsets.TableOffset;
import io.dsqlcdc.capture.state.StateChange;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Events of one table, the key states they change and the table's offset after them: written together, in one Kafka
 * transaction.
 *
 * @param changelogTopic the table's changelog topic, which receives {@code stateChanges}
 * @param onCommitted    called after the commit with the next changelog offset per partition after this batch's
 *                       state records (empty when it had none)
 */
public record TableBatch(String table, List<ChangeEvent> events, TableOffset offset, String changelogTopic,
                         List<StateChange> stateChanges, Consumer<Map<Integer, Long>> onCommitted)
    implements WriteBatch {
  @Override
  public int records() {
    return events.size() + stateChanges.size();
  }
}
