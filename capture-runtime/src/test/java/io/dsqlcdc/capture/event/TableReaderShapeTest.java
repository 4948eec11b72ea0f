package io.dsqlcdc.capture.event;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsqlcdc.api.spec.DecimalHandling;
import io.dsqlcdc.api.spec.TableSpec;
import io.dsqlcdc.capture.source.ColumnSchema;
import io.dsqlcdc.capture.source.SchemaChangedException;
import io.dsqlcdc.capture.source.TableSchema;
import java.lang.reflect.Proxy;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check of a capture query's result set metadata against the table's schema. */
class TableReaderShapeTest {
  private static final ColumnSchema ID = new ColumnSchema("id", "int8", null, null, null, false);
  private static final ColumnSchema NAME = new ColumnSchema("name", "varchar", 20, null, null, true);
  private static final ColumnSchema AT = new ColumnSchema("updated_at", "timestamptz", null, null, 6, false);
  private static final TableSchema TABLE = new TableSchema(new TableSpec("public.items", "updated_at"),
      List.of(ID, NAME, AT), List.of(ID), AT, null, true);

  private final TableReader reader = new TableReader(TABLE, DecimalHandling.STRING);

  /** One column of a result set: label, type name, precision. */
  private record Column(String label, String type, int precision) {
  }

  /** Metadata of {@code SELECT *, cursor micros, key text} over these table columns. */
  private static ResultSetMetaData metadata(Column... table) {
    List<Column> all = new ArrayList<>(List.of(table));
    all.add(new Column("__dsqlcdc_cursor", "int8", 19));
    all.add(new Column("__dsqlcdc_key0", "text", Integer.MAX_VALUE));
    return (ResultSetMetaData) Proxy.newProxyInstance(ResultSetMetaData.class.getClassLoader(),
        new Class<?>[] {ResultSetMetaData.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getColumnCount" -> all.size();
          case "getColumnLabel" -> all.get((int) args[0] - 1).label();
          case "getColumnTypeName" -> all.get((int) args[0] - 1).type();
          case "getPrecision" -> all.get((int) args[0] - 1).precision();
          case "getScale" -> 0;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  private static final Column[] KNOWN = {new Column("id", "int8", 19), new Column("name", "varchar", 20),
      new Column("updated_at", "timestamptz", 35)};

  @Test
  void theKnownShapePassesAgainAndAgain() {
    assertThatCode(() -> {
      reader.checkShape(metadata(KNOWN));
      reader.checkShape(metadata(KNOWN));
    }).doesNotThrowAnyException();
  }

  @Test
  void aBigserialKeyAsTheDriverNamesItIsTheCatalogsInt8() {
    assertThatCode(() -> reader.checkShape(metadata(new Column("id", "bigserial", 19), KNOWN[1], KNOWN[2])))
        .doesNotThrowAnyException();
  }

  @Test
  void anAddedColumnIsASchemaChange() {
    assertThatThrownBy(() -> reader.checkShape(metadata(KNOWN[0], KNOWN[1], KNOWN[2], new Column("note", "text", 0))))
        .isInstanceOf(SchemaChangedException.class).hasMessageContaining("note text");
  }

  @Test
  void aDroppedColumnIsASchemaChange() {
    assertThatThrownBy(() -> reader.checkShape(metadata(KNOWN[0], KNOWN[2])))
        .isInstanceOf(SchemaChangedException.class);
  }

  @Test
  void anotherTypeIsASchemaChange() {
    assertThatThrownBy(() -> reader.checkShape(metadata(KNOWN[0], new Column("name", "text", 0), KNOWN[2])))
        .isInstanceOf(SchemaChangedException.class).hasMessageContaining("name varchar");
  }

  @Test
  void aLengthOtherThanTheFirstResultSetsIsASchemaChange() throws Exception {
    reader.checkShape(metadata(KNOWN));
    assertThatThrownBy(() -> reader.checkShape(metadata(KNOWN[0], new Column("name", "varchar", 100), KNOWN[2])))
        .isInstanceOf(SchemaChangedException.class).hasMessageContaining("type modifiers");
  }
}
