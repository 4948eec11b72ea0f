package io.dsqlcdc.testsupport.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteSetTest {
  private static final TableShape TABLE = new TableShape("public", "t", Map.of("id", "integer", "v", "text"),
      List.of("id"));
  private static final Map<String, Object> KEY = Map.of("id", 1);

  private static Map<String, Object> image(String v) {
    return Map.of("id", 1, "v", v);
  }

  @Test
  void insertThenDeletePublishesNothing() {
    WriteSet writes = new WriteSet();
    writes.inserted(TABLE, KEY, image("a"));
    writes.deleted(TABLE, KEY);

    assertThat(writes.compacted()).isEmpty();
  }

  @Test
  void insertThenUpdateIsACreateWithTheFinalImage() {
    WriteSet writes = new WriteSet();
    writes.inserted(TABLE, KEY, image("a"));
    writes.updated(TABLE, KEY, image("b"));

    assertThat(writes.compacted()).containsExactly(
        new RowChange("public", "t", RowChange.Op.CREATE, KEY, image("b")));
  }

  @Test
  void deleteThenInsertOfAnExistingRowIsAnUpdate() {
    WriteSet writes = new WriteSet();
    writes.deleted(TABLE, KEY);
    writes.inserted(TABLE, KEY, image("again"));

    assertThat(writes.compacted()).containsExactly(
        new RowChange("public", "t", RowChange.Op.UPDATE, KEY, image("again")));
  }

  @Test
  void updateThenDeleteIsADeleteWithTheKey() {
    WriteSet writes = new WriteSet();
    writes.updated(TABLE, KEY, image("b"));
    writes.deleted(TABLE, KEY);

    assertThat(writes.compacted()).containsExactly(new RowChange("public", "t", RowChange.Op.DELETE, KEY, null));
  }
}
