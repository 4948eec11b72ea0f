package io.dsqlcdc.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.status.DsqlCdcPipelineStatus;
import io.dsqlcdc.api.status.TableReasons;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaChangeEventsTest {
  private static TableStatus table(String name, Long version, String change) {
    return new TableStatus(name, TableState.Streaming, 10L, 0.0, null, null, null, null, null, version,
        version == null ? null : "2026-12-06T02:00:00Z", change, null);
  }

  private static DsqlCdcPipelineStatus status(TableStatus... tables) {
    return new DsqlCdcPipelineStatus(1L, null, null, List.of(tables), null, null, null, null);
  }

  @Test
  void aCompatibleChangeIsAnnouncedOnceAsANormalEvent() {
    DsqlCdcPipelineStatus before = status(table("public.orders", 1L, null));
    DsqlCdcPipelineStatus after = status(table("public.orders", 2L, "added note text"));

    assertThat(SchemaChangeEvents.between(before, after)).containsExactly(new SchemaChangeEvents.Announcement(false,
        TableReasons.SCHEMA_CHANGED, "table public.orders: schema version 2: added note text"));
    assertThat(SchemaChangeEvents.between(after, after)).as("the same version again").isEmpty();
  }

  @Test
  void anIncompatibleTypeChangeIsAWarningThatSaysWhatConsumersSee() {
    DsqlCdcPipelineStatus before = status(table("public.orders", 2L, "added note text"));
    DsqlCdcPipelineStatus after = status(table("public.orders", 3L, "changed qty int4 -> text (incompatible)"));

    List<SchemaChangeEvents.Announcement> events = SchemaChangeEvents.between(before, after);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).warning()).isTrue();
    assertThat(events.get(0).reason()).isEqualTo(TableReasons.INCOMPATIBLE_SCHEMA_CHANGE);
    assertThat(events.get(0).message()).contains("changed qty int4 -> text (incompatible)")
        .contains("from the next event on");
  }

  @Test
  void tablesSeenForTheFirstTimeOrWithoutAVersionAreNotAnnounced() {
    assertThat(SchemaChangeEvents.between(null, status(table("public.orders", 3L, "added note text")))).isEmpty();
    assertThat(SchemaChangeEvents.between(status(table("public.other", 1L, null)),
        status(table("public.orders", 3L, "added note text")))).isEmpty();
    assertThat(SchemaChangeEvents.between(status(table("public.orders", null, null)),
        status(table("public.orders", null, null)))).isEmpty();
  }

  @Test
  void onlyTheTableWhoseShapeChangedIsAnnounced() {
    DsqlCdcPipelineStatus before = status(table("public.a", 1L, null), table("public.b", 4L, "dropped x"));
    DsqlCdcPipelineStatus after = status(table("public.a", 2L, "renamed t to title"), table("public.b", 4L, "dropped x"));

    assertThat(SchemaChangeEvents.between(before, after)).extracting(SchemaChangeEvents.Announcement::message)
        .containsExactly("table public.a: schema version 2: renamed t to title");
  }
}
