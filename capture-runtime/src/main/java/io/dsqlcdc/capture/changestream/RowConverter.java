package io.dsqlcdc.capture.changestream;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsqlcdc.api.spec.DecimalHandling;
import io.dsqlcdc.capture.event.SourceRow;
import io.dsqlcdc.capture.event.TypeMapping;
import io.dsqlcdc.capture.source.ColumnSchema;
import io.dsqlcdc.capture.source.SchemaChangedException;
import io.dsqlcdc.capture.source.TableProblemException;
import io.dsqlcdc.capture.source.TableSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A change stream record's row image as the {@link SourceRow} poll mode reads from JDBC for the same row: each
 * column's value of the same Java type {@code event.TypeMapping} gives, so {@code EventFactory} builds the same
 * event. The stream's encodings (DSQL user guide, "Data type serialization"): numeric as a string, timestamps as
 * epoch microseconds, timetz as microseconds of the UTC day, dates as epoch days, bytea as Base64, json as its
 * text, NaN and infinities of floating types as strings, char(n) without its trailing spaces.
 *
 * <p>A column of the schema that the image lacks is NULL (a record committed before the column was added carries
 * no value for it); a column the image has and the schema does not is a schema change. A delete's row holds the key
 * columns only and is marked {@link SourceRow#deleted()}. The key's texts are PostgreSQL's text of each key column
 * (as {@code TableReader} casts them), the cursor is the commit time in microseconds.
 */
public final class RowConverter {
  private static final DateTimeFormatter PG_TIME = new DateTimeFormatterBuilder()
      .appendPattern("HH:mm:ss").optionalStart().appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
      .toFormatter();
  private static final DateTimeFormatter PG_TIMESTAMP = new DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd ").append(PG_TIME).toFormatter();
  private static final Set<String> KEY_TYPES = Set.of("int2", "int4", "int8", "numeric", "varchar", "bpchar", "text",
      "char", "name", "uuid", "bool", "date", "time", "timestamp", "timestamptz", "bytea");

  private final TableSchema schema;
  private final DecimalHandling decimals;
  private final Set<String> columnNames = new HashSet<>();

  /**
   * @throws TableProblemException when a column's type is not supported (as in poll mode), or a key column's type
   *                               has no text the relay can build from the stream
   */
  public RowConverter(TableSchema schema, DecimalHandling decimals) {
    this.schema = schema;
    this.decimals = decimals;
    for (ColumnSchema c : schema.columns()) {
      TypeMapping.map(schema.qualifiedName(), c, decimals);
      columnNames.add(c.name());
    }
    for (ColumnSchema k : schema.key()) {
      if (k.isArray() || !KEY_TYPES.contains(k.baseType())) {
        throw new TableProblemException("key column " + k.name() + " of table " + schema.qualifiedName()
            + " has type " + k.udtName() + ", which stream mode cannot key on");
      }
    }
  }

  /**
   * The row of one record of this table.
   *
   * @throws SchemaChangedException the image has a column the schema does not know (read the schema again)
   * @throws CdcRecordException     a key column is missing or a value does not fit its column's type
   */
  public SourceRow row(CdcRecord record) throws SchemaChangedException {
    Map<String, JsonNode> image = record.keyImage();
    if (image == null) {
      // DSQL sends a delete without before for a table without a primary key
      throw new CdcRecordException("the change stream record of table " + schema.qualifiedName() + " committed at "
          + record.source().tsNs() + " ns (txId " + record.source().txId() + ", op " + record.op() + ") has no "
          + (record.isDelete() ? "before" : "after") + " image");
    }
    for (String name : image.keySet()) {
      if (!columnNames.contains(name)) {
        throw new SchemaChangedException(schema.qualifiedName(), "the change stream record committed at "
            + record.source().tsNs() + " ns has column " + name + ", which the table's known schema lacks");
      }
    }
    List<ColumnSchema> columns = schema.columns();
    Object[] values = new Object[columns.size()];
    boolean keyOnly = record.isDelete();
    for (int i = 0; i < values.length; i++) {
      ColumnSchema column = columns.get(i);
      if (!keyOnly || schema.key().contains(column)) {
        values[i] = value(column, image.get(column.name()));
      }
    }
    List<String> keyValues = new ArrayList<>(schema.key().size());
    for (ColumnSchema k : schema.key()) {
      JsonNode node = image.get(k.name());
      if (node == null || node.isNull()) {
        throw new CdcRecordException("the change stream record of table " + schema.qualifiedName() + " committed at "
            + record.source().tsNs() + " ns (txId " + record.source().txId() + ") has no value for key column "
            + k.name());
      }
      keyValues.add(keyText(k, node));
    }
    return new SourceRow(values, Math.floorDiv(record.source().tsNs(), 1000L), keyValues, keyOnly);
  }

  private Object value(ColumnSchema column, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!column.isArray()) {
      return scalar(column, node);
    }
    expect(column, node, node.isArray(), "an array");
    List<Object> out = new ArrayList<>(node.size());
    for (JsonNode element : node) {
      out.add(element.isNull() ? null : scalar(column, element));
    }
    return out;
  }

  private Object scalar(ColumnSchema column, JsonNode node) {
    int precision = column.timePrecision() == null ? 6 : column.timePrecision();
    return switch (column.baseType()) {
      case "bool" -> {
        expect(column, node, node.isBoolean(), "a boolean");
        yield node.booleanValue();
      }
      case "int2" -> (short) integer(column, node);
      case "int4" -> (int) integer(column, node);
      case "int8", "interval" -> integer(column, node);
      case "float4" -> node.isTextual() ? Float.parseFloat(special(column, node)) : Float.parseFloat(decimal(column,
          node).toString());
      case "float8" -> node.isTextual() ? Double.parseDouble(special(column, node)) : Double.parseDouble(decimal(column,
          node).toString());
      case "numeric" -> numeric(column, node);
      case "bpchar" -> padded(column, text(column, node));
      case "varchar", "text", "char", "name", "uuid", "json", "jsonb" -> text(column, node);
      case "bytea" -> bytes(column, node);
      case "date" -> (int) integer(column, node);
      case "time" -> precision <= 3 ? (Object) (int) (integer(column, node) / 1000) : (Object) integer(column, node);
      case "timetz" -> TypeMapping.zonedTime(timeOfDay(integer(column, node)).atOffset(ZoneOffset.UTC));
      case "timestamp" -> precision <= 3 ? Math.floorDiv(integer(column, node), 1000L) : integer(column, node);
      case "timestamptz" -> TypeMapping.zonedTimestamp(instant(integer(column, node)).atOffset(ZoneOffset.UTC));
      // the constructor let through only types TypeMapping maps: this is one it maps and this class forgot
      default -> throw new IllegalStateException("no change stream conversion for type " + column.udtName());
    };
  }

  private Object numeric(ColumnSchema column, JsonNode node) {
    String text = text(column, node);
    if (isSpecial(text)) {
      if (decimals == DecimalHandling.DOUBLE) {
        return Double.parseDouble(text);
      }
      if (decimals == DecimalHandling.STRING) {
        return text;
      }
      throw new CdcRecordException("column " + column.name() + " of table " + schema.qualifiedName() + " holds "
          + text + ", which a Connect Decimal (decimalHandling precise) cannot carry");
    }
    try {
      return TypeMapping.numeric(column, decimals, new BigDecimal(text));
    } catch (NumberFormatException e) {
      throw mismatch(column, node, "a decimal number as a string");
    }
  }

  /** char(n): PostgreSQL (and so JDBC) pads to n characters; the stream strips the trailing spaces. */
  private static String padded(ColumnSchema column, String text) {
    int length = column.length() == null ? 1 : column.length();
    return text.length() >= length ? text : text + " ".repeat(length - text.length());
  }

  private String special(ColumnSchema column, JsonNode node) {
    expect(column, node, isSpecial(node.textValue()), "a number or NaN, Infinity, -Infinity");
    return node.textValue();
  }

  private static boolean isSpecial(String text) {
    return "NaN".equals(text) || "Infinity".equals(text) || "-Infinity".equals(text);
  }

  private long integer(ColumnSchema column, JsonNode node) {
    expect(column, node, node.isIntegralNumber() && node.canConvertToLong(), "an integer");
    return node.longValue();
  }

  private BigDecimal decimal(ColumnSchema column, JsonNode node) {
    expect(column, node, node.isNumber(), "a number");
    return node.decimalValue();
  }

  private String text(ColumnSchema column, JsonNode node) {
    expect(column, node, node.isTextual(), "a string");
    return node.textValue();
  }

  private byte[] bytes(ColumnSchema column, JsonNode node) {
    try {
      return Base64.getDecoder().decode(text(column, node));
    } catch (IllegalArgumentException e) {
      throw mismatch(column, node, "Base64");
    }
  }

  private static LocalTime timeOfDay(long micros) {
    return LocalTime.ofNanoOfDay(Math.floorMod(micros, 86_400_000_000L) * 1000L);
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  /** The key column's value as PostgreSQL's text of it ({@code CAST(column AS text)}, session time zone UTC). */
  private String keyText(ColumnSchema column, JsonNode node) {
    return switch (column.baseType()) {
      case "int2", "int4", "int8" -> String.valueOf(integer(column, node));
      case "bool" -> String.valueOf(scalar(column, node));
      case "bytea" -> "\\x" + HexFormat.of().formatHex(bytes(column, node));
      case "date" -> LocalDate.ofEpochDay(integer(column, node)).toString();
      case "time" -> PG_TIME.format(timeOfDay(integer(column, node)));
      case "timestamp" -> PG_TIMESTAMP.format(LocalDateTime.ofInstant(instant(integer(column, node)), ZoneOffset.UTC));
      case "timestamptz" -> PG_TIMESTAMP.format(LocalDateTime.ofInstant(instant(integer(column, node)),
          ZoneOffset.UTC)) + "+00";
      default -> text(column, node);
    };
  }

  private void expect(ColumnSchema column, JsonNode node, boolean fits, String expected) {
    if (!fits) {
      throw mismatch(column, node, expected);
    }
  }

  private CdcRecordException mismatch(ColumnSchema column, JsonNode node, String expected) {
    String shown = node.toString();
    return new CdcRecordException("column " + column.name() + " (" + column.udtName() + ") of table "
        + schema.qualifiedName() + " holds " + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown)
        + " in the change stream, not " + expected);
  }
}
