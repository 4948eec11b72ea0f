package io.dsqlcdc.capture.event;

import io.dsqlcdc.api.spec.DecimalHandling;
import io.dsqlcdc.capture.source.ColumnSchema;
import io.dsqlcdc.capture.source.TableProblemException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.postgresql.util.PGInterval;

/**
 * PostgreSQL column types (those DSQL supports) to event fields, following Debezium's PostgreSQL connector with
 * its defaults (time.precision.mode adaptive, binary bytes, interval numeric), except numeric, which follows
 * {@code format.decimalHandling} (string by default).
 */
public final class TypeMapping {
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final double DAYS_PER_MONTH = 365.25 / 12;

  private TypeMapping() {
  }

  /** The mapping of a column, or a TableProblemException naming the column when its type is not supported. */
  public static ColumnMapping map(String table, ColumnSchema column, DecimalHandling decimals) {
    Scalar scalar = scalar(column, decimals);
    if (scalar == null) {
      throw new TableProblemException("column " + column.name() + " of table " + table + " has type "
          + column.udtName() + ", which the capture does not support: exclude the table or change the column type");
    }
    ConnectSchema schema = column.isArray() ? ConnectSchema.arrayOf(scalar.schema) : scalar.schema;
    schema = schema.withParameters(sourceTypeParameters(column));
    ValueReader reader = column.isArray() ? arrayReader(scalar.element) : scalar.reader;
    return new ColumnMapping(column, schema, reader);
  }

  private record Scalar(ConnectSchema schema, ValueReader reader, Function<Object, Object> element) {
  }

  private static Scalar scalar(ColumnSchema column, DecimalHandling decimals) {
    int precision = column.timePrecision() == null ? 6 : column.timePrecision();
    return switch (column.baseType()) {
      case "bool" -> new Scalar(ConnectSchema.of("boolean"), nullable(ResultSet::getBoolean), v -> v);
      case "int2" -> new Scalar(ConnectSchema.of("int16"), nullable(ResultSet::getShort), v -> ((Number) v).shortValue());
      case "int4" -> new Scalar(ConnectSchema.of("int32"), nullable(ResultSet::getInt), v -> ((Number) v).intValue());
      case "int8" -> new Scalar(ConnectSchema.of("int64"), nullable(ResultSet::getLong), v -> ((Number) v).longValue());
      case "float4" -> new Scalar(ConnectSchema.of("float"), nullable(ResultSet::getFloat), v -> ((Number) v).floatValue());
      case "float8" -> new Scalar(ConnectSchema.of("double"), nullable(ResultSet::getDouble), v -> ((Number) v).doubleValue());
      case "numeric" -> numeric(column, decimals);
      case "varchar", "bpchar", "text", "char", "name" ->
          new Scalar(ConnectSchema.of("string"), ResultSet::getString, Object::toString);
      case "uuid" -> new Scalar(ConnectSchema.named("string", "io.debezium.data.Uuid"), ResultSet::getString, Object::toString);
      case "json", "jsonb" ->
          new Scalar(ConnectSchema.named("string", "io.debezium.data.Json"), ResultSet::getString, Object::toString);
      case "bytea" -> new Scalar(ConnectSchema.of("bytes"), ResultSet::getBytes, v -> v);
      case "date" -> new Scalar(ConnectSchema.named("int32", "io.debezium.time.Date"),
          (rs, i) -> epochDay(rs.getObject(i, LocalDate.class)),
          v -> epochDay(((java.sql.Date) v).toLocalDate()));
      case "time" -> precision <= 3
          ? new Scalar(ConnectSchema.named("int32", "io.debezium.time.Time"),
              (rs, i) -> millisOfDay(rs.getObject(i, LocalTime.class)),
              v -> millisOfDay(((java.sql.Time) v).toLocalTime()))
          : new Scalar(ConnectSchema.named("int64", "io.debezium.time.MicroTime"),
              (rs, i) -> microsOfDay(rs.getObject(i, LocalTime.class)),
              v -> microsOfDay(((java.sql.Time) v).toLocalTime()));
      case "timetz" -> new Scalar(ConnectSchema.named("string", "io.debezium.time.ZonedTime"),
          (rs, i) -> zonedTime(rs.getObject(i, OffsetTime.class)), v -> zonedTime(OffsetTime.parse(v.toString())));
      case "timestamp" -> precision <= 3
          ? new Scalar(ConnectSchema.named("int64", "io.debezium.time.Timestamp"),
              (rs, i) -> epochMillis(rs.getObject(i, LocalDateTime.class)),
              v -> epochMillis(((java.sql.Timestamp) v).toLocalDateTime()))
          : new Scalar(ConnectSchema.named("int64", "io.debezium.time.MicroTimestamp"),
              (rs, i) -> epochMicros(rs.getObject(i, LocalDateTime.class)),
              v -> epochMicros(((java.sql.Timestamp) v).toLocalDateTime()));
      case "timestamptz" -> new Scalar(ConnectSchema.named("string", "io.debezium.time.ZonedTimestamp"),
          (rs, i) -> zonedTimestamp(rs.getObject(i, OffsetDateTime.class)),
          v -> zonedTimestamp(((java.sql.Timestamp) v).toInstant().atOffset(ZoneOffset.UTC)));
      case "interval" -> new Scalar(ConnectSchema.named("int64", "io.debezium.time.MicroDuration"),
          (rs, i) -> durationMicros((PGInterval) rs.getObject(i)), v -> durationMicros((PGInterval) v));
      default -> null;
    };
  }

  private static Scalar numeric(ColumnSchema column, DecimalHandling decimals) {
    return switch (decimals) {
      case STRING -> new Scalar(ConnectSchema.of("string"),
          (rs, i) -> plain(rs.getBigDecimal(i)), v -> plain((BigDecimal) v));
      case DOUBLE -> new Scalar(ConnectSchema.of("double"),
          (rs, i) -> toDouble(rs.getBigDecimal(i)), v -> toDouble((BigDecimal) v));
      case PRECISE -> column.scale() != null
          ? new Scalar(decimalSchema(column), (rs, i) -> unscaled(rs.getBigDecimal(i), column.scale()),
              v -> unscaled((BigDecimal) v, column.scale()))
          : new Scalar(ConnectSchema.named("struct", "io.debezium.data.VariableScaleDecimal"),
              (rs, i) -> variableScale(rs.getBigDecimal(i)), v -> variableScale((BigDecimal) v));
    };
  }

  private static ConnectSchema decimalSchema(ColumnSchema column) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("scale", String.valueOf(column.scale()));
    if (column.length() != null) {
      params.put("connect.decimal.precision", String.valueOf(column.length()));
    }
    return ConnectSchema.named("bytes", "org.apache.kafka.connect.data.Decimal").withParameters(params);
  }

  private static Map<String, String> sourceTypeParameters(ColumnSchema column) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("__debezium.source.column.type", column.sourceTypeName());
    if (column.length() != null) {
      params.put("__debezium.source.column.length", String.valueOf(column.length()));
    }
    if (column.scale() != null) {
      params.put("__debezium.source.column.scale", String.valueOf(column.scale()));
    } else if (column.timePrecision() != null) {
      params.put("__debezium.source.column.scale", String.valueOf(column.timePrecision()));
    }
    return params;
  }

  @FunctionalInterface
  private interface PrimitiveGetter {
    Object get(ResultSet rs, int index) throws SQLException;
  }

  /** Primitive getters return 0 for NULL; wasNull tells them apart. */
  private static ValueReader nullable(PrimitiveGetter getter) {
    return (rs, i) -> {
      Object v = getter.get(rs, i);
      return rs.wasNull() ? null : v;
    };
  }

  private static ValueReader arrayReader(Function<Object, Object> element) {
    return (rs, i) -> {
      Array array = rs.getArray(i);
      if (array == null) {
        return null;
      }
      Object[] values = (Object[]) array.getArray();
      List<Object> out = new ArrayList<>(values.length);
      for (Object v : values) {
        out.add(v == null ? null : element.apply(v));
      }
      return out;
    };
  }

  /**
   * A numeric value as its event field by {@code format.decimalHandling}, as {@link #map} reads it from JDBC: for
   * values that come from elsewhere (the change stream sends numeric as text).
   */
  public static Object numeric(ColumnSchema column, DecimalHandling decimals, BigDecimal v) {
    return switch (decimals) {
      case STRING -> plain(v);
      case DOUBLE -> toDouble(v);
      case PRECISE -> column.scale() != null ? unscaled(v, column.scale()) : variableScale(v);
    };
  }

  static Object plain(BigDecimal v) {
    return v == null ? null : v.toPlainString();
  }

  private static Object toDouble(BigDecimal v) {
    return v == null ? null : v.doubleValue();
  }

  /** Connect Decimal: the unscaled value's two's-complement big-endian bytes. */
  static Object unscaled(BigDecimal v, int scale) {
    return v == null ? null : v.setScale(scale, java.math.RoundingMode.UNNECESSARY).unscaledValue().toByteArray();
  }

  private static Object variableScale(BigDecimal v) {
    if (v == null) {
      return null;
    }
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("scale", v.scale());
    struct.put("value", v.unscaledValue().toByteArray());
    return struct;
  }

  private static Object epochDay(LocalDate d) {
    return d == null ? null : (int) d.toEpochDay();
  }

  private static Object millisOfDay(LocalTime t) {
    return t == null ? null : (int) (t.toNanoOfDay() / 1_000_000);
  }

  private static Object microsOfDay(LocalTime t) {
    return t == null ? null : t.toNanoOfDay() / 1_000;
  }

  /** A timetz as its event field: the time in UTC, ISO-8601 with offset Z. */
  public static Object zonedTime(OffsetTime t) {
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_TIME);
  }

  private static Object epochMillis(LocalDateTime t) {
    return t == null ? null : t.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  static Object epochMicros(LocalDateTime t) {
    if (t == null) {
      return null;
    }
    return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1_000;
  }

  /** A timestamptz as its event field: the instant in UTC, ISO-8601 with offset Z. */
  public static Object zonedTimestamp(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /** Debezium's MicroDuration: months count as 365.25/12 days. */
  static Object durationMicros(PGInterval v) {
    if (v == null) {
      return null;
    }
    double days = DAYS_PER_MONTH * (v.getYears() * 12L + v.getMonths()) + v.getDays();
    long wholeSeconds = v.getHours() * 3600L + v.getMinutes() * 60L + v.getWholeSeconds();
    return (long) (days * MICROS_PER_DAY) + wholeSeconds * 1_000_000L + v.getMicroSeconds();
  }
}
