package io.dsqlcdc.capture.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.capture.source.SchemaDiff.Change;
import io.dsqlcdc.capture.source.SchemaDiff.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaDiffTest {
  private static final ColumnSchema ID = column("id", "int4", null, false, 1);
  private static final ColumnSchema NAME = column("name", "varchar", 10, true, 2);
  private static final ColumnSchema UPDATED = new ColumnSchema("updated_at", "timestamptz", null, null, 6, false, 3);
  private static final List<ColumnSchema> BEFORE = List.of(ID, NAME, UPDATED);
  private static final List<String> KEY = List.of("id");

  private static ColumnSchema column(String name, String type, Integer length, boolean optional, int position) {
    return new ColumnSchema(name, type, length, null, null, optional, position);
  }

  private static SchemaDiff diff(List<ColumnSchema> after) {
    return SchemaDiff.between(BEFORE, KEY, after, KEY);
  }

  @Test
  void theSameColumnsAreNoChange() {
    assertThat(diff(BEFORE).isEmpty()).isTrue();
  }

  @Test
  void aNewColumnIsAdded() {
    SchemaDiff diff = diff(List.of(ID, NAME, UPDATED, column("note", "text", null, true, 4)));
    assertThat(diff.changes()).containsExactly(new Change(Kind.ADDED, "note", "text"));
    assertThat(diff.describe()).isEqualTo("added note text");
  }

  @Test
  void aMissingColumnIsDroppedAndLost() {
    SchemaDiff diff = diff(List.of(ID, UPDATED));
    assertThat(diff.changes()).containsExactly(new Change(Kind.DROPPED, "name", null));
    assertThat(diff.lost("name")).contains("dropped");
    assertThat(diff.lost("id")).isEmpty();
  }

  @Test
  void theSameColumnNumberUnderAnotherNameIsARename() {
    SchemaDiff diff = diff(List.of(ID, column("title", "varchar", 10, true, 2), UPDATED));
    assertThat(diff.changes()).containsExactly(new Change(Kind.RENAMED, "name", "title"));
    assertThat(diff.lost("name")).contains("renamed to title");
    assertThat(diff.describe()).isEqualTo("renamed name to title");
  }

  @Test
  void aColumnDroppedAndAddedAgainUnderItsNameIsDroppedAndAdded() {
    SchemaDiff diff = diff(List.of(ID, UPDATED, column("name", "varchar", 10, true, 4)));
    assertThat(diff.changes()).extracting(Change::kind).containsExactly(Kind.DROPPED, Kind.ADDED);
  }

  @Test
  void withoutColumnNumbersColumnsAreMatchedByName() {
    List<ColumnSchema> before = List.of(new ColumnSchema("a", "int4", null, null, null, false),
        new ColumnSchema("b", "text", null, null, null, true));
    List<ColumnSchema> after = List.of(new ColumnSchema("a", "int4", null, null, null, false),
        new ColumnSchema("c", "text", null, null, null, true));
    assertThat(SchemaDiff.between(before, List.of("a"), after, List.of("a")).changes()).extracting(Change::kind)
        .containsExactly(Kind.DROPPED, Kind.ADDED);
  }

  @Test
  void integerAndFloatWideningsAreCompatible() {
    assertThat(SchemaDiff.compatible(column("x", "int4", null, true, 1), column("x", "int8", null, true, 1))).isTrue();
    assertThat(SchemaDiff.compatible(column("x", "int2", null, true, 1), column("x", "int4", null, true, 1))).isTrue();
    assertThat(SchemaDiff.compatible(column("x", "float4", null, true, 1), column("x", "float8", null, true, 1)))
        .isTrue();
  }

  @Test
  void narrowingAnIntegerIsIncompatible() {
    assertThat(SchemaDiff.compatible(column("x", "int8", null, true, 1), column("x", "int4", null, true, 1)))
        .isFalse();
  }

  @Test
  void aLongerOrUnboundedVarcharIsCompatibleAShorterOneIsNot() {
    assertThat(SchemaDiff.compatible(NAME, column("name", "varchar", 100, true, 2))).isTrue();
    assertThat(SchemaDiff.compatible(NAME, column("name", "varchar", null, true, 2))).isTrue();
    assertThat(SchemaDiff.compatible(NAME, column("name", "text", null, true, 2))).isTrue();
    assertThat(SchemaDiff.compatible(NAME, column("name", "varchar", 5, true, 2))).isFalse();
  }

  @Test
  void anotherTypeFamilyIsIncompatible() {
    SchemaDiff diff = diff(List.of(column("id", "text", null, false, 1), NAME, UPDATED));
    assertThat(diff.changes()).containsExactly(new Change(Kind.TYPE_INCOMPATIBLE, "id", "int4 not null to text not null"));
    assertThat(diff.incompatible()).isTrue();
    assertThat(diff.describe()).isEqualTo("changed id int4 not null to text not null (incompatible)");
  }

  @Test
  void aWideningIsReportedAsWidenedNotIncompatible() {
    SchemaDiff diff = diff(List.of(column("id", "int8", null, false, 1), NAME, UPDATED));
    assertThat(diff.changes()).containsExactly(new Change(Kind.TYPE_WIDENED, "id", "int4 not null to int8 not null"));
    assertThat(diff.incompatible()).isFalse();
  }

  @Test
  void aChangedNumericScaleIsIncompatible() {
    ColumnSchema amount = new ColumnSchema("amount", "numeric", 12, 2, null, true, 4);
    assertThat(SchemaDiff.compatible(amount, new ColumnSchema("amount", "numeric", 14, 2, null, true, 4))).isTrue();
    assertThat(SchemaDiff.compatible(amount, new ColumnSchema("amount", "numeric", 12, 4, null, true, 4))).isFalse();
  }

  @Test
  void anotherFractionalSecondPrecisionIsIncompatible() {
    assertThat(SchemaDiff.compatible(UPDATED, new ColumnSchema("updated_at", "timestamptz", null, null, 3, false, 3)))
        .isFalse();
  }

  @Test
  void anArrayBecomingAScalarIsIncompatible() {
    assertThat(SchemaDiff.compatible(column("x", "_int4", null, true, 1), column("x", "int4", null, true, 1)))
        .isFalse();
    assertThat(SchemaDiff.compatible(column("x", "_int4", null, true, 1), column("x", "_int8", null, true, 1)))
        .isTrue();
  }

  @Test
  void droppingNotNullIsACompatibleChange() {
    SchemaDiff diff = diff(List.of(column("id", "int4", null, true, 1), NAME, UPDATED));
    assertThat(diff.changes()).extracting(Change::kind).containsExactly(Kind.TYPE_WIDENED);
  }

  @Test
  void anotherKeyIsAKeyChange() {
    SchemaDiff diff = SchemaDiff.between(BEFORE, KEY, BEFORE, List.of("id", "name"));
    assertThat(diff.changes()).containsExactly(new Change(Kind.KEY_CHANGED, "id", "(id) to (id, name)"));
    assertThat(diff.describe()).isEqualTo("key (id) to (id, name)");
  }

  @Test
  void severalChangesAreListedInColumnOrderThenAddedThenKey() {
    SchemaDiff diff = SchemaDiff.between(BEFORE, KEY,
        List.of(column("id", "int8", null, false, 1), UPDATED, column("note", "text", null, true, 4)),
        List.of("id", "note"));
    assertThat(diff.changes()).extracting(Change::kind)
        .containsExactly(Kind.TYPE_WIDENED, Kind.DROPPED, Kind.ADDED, Kind.KEY_CHANGED);
  }

  @Test
  void kindLabelsAreTheMetricsKinds() {
    assertThat(List.of(Kind.values())).extracting(Kind::label).containsExactly("added", "dropped", "renamed",
        "type_widened", "type_incompatible", "key_changed");
  }
}
