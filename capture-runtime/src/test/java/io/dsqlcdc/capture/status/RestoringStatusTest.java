package io.dsqlcdc.capture.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.api.status.Phase;
import io.dsqlcdc.api.status.StateStoreStatus;
import io.dsqlcdc.api.status.TableState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoringStatusTest {
  final TableProgress orders = new TableProgress("public.orders");
  final TableProgress items = new TableProgress("public.items");
  final StatusReporter reporter = new StatusReporter("cdc/orders", Instant.EPOCH, List.of(orders, items),
      () -> ConnectionStatus.up("db"), () -> ConnectionStatus.up("kafka"), () -> null, null);

  @Test
  void aRestoringTableMakesThePipelineRestoringAndNotReady() {
    items.working(TableState.Streaming);
    orders.restoring(120_000, 400_000.04, "changelog");
    assertThat(reporter.status().phase()).isEqualTo(Phase.Restoring);
    assertThat(reporter.ready()).isFalse();
    assertThat(reporter.status().tables().get(0).stateStore())
        .isEqualTo(new StateStoreStatus(null, null, 120_000L, 400_000.0, "changelog"));
  }

  @Test
  void onceRestoredTheTableReportsItsStoreSizeAndWhereItRestoredFrom() {
    orders.restoring(10, 1_000, "checkpoint");
    orders.stateStoreSize(5_000, 1 << 20);
    orders.working(TableState.Streaming);
    items.working(TableState.Streaming);
    assertThat(reporter.ready()).isTrue();
    assertThat(reporter.status().tables().get(0).stateStore())
        .isEqualTo(new StateStoreStatus(5_000L, 1L << 20, 10L, 1_000.0, "checkpoint"));
  }
}
