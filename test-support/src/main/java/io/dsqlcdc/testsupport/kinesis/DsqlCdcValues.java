package io.dsqlcdc.testsupport.kinesis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Base64;
import java.util.List;
import org.postgresql.util.PGInterval;

/**
 * A PostgreSQL column value as Aurora DSQL's CDC records serialize it (user guide, "Understanding CDC records", Data
 * type serialization): integers and floats as JSON numbers (NaN and ±Infinity as the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}), numeric as a string of its exact text, bytea as Base64, bpchar without
 * its trailing spaces, date as days since the Unix epoch, time as microseconds since midnight, timetz as
 * microseconds since midnight in UTC wrapped to a day, timestamp and timestamptz as microseconds since the Unix
 * epoch (±infinity as the guide's sentinels), interval as approximate total microseconds (a month is 30.4375 days;
 * JSON null when it overflows 64 bits), uuid in its 8-4-4-4-12 form, json as a string of its raw text, oidvector as
 * an empty array, SQL NULL as JSON null.
 *
 * <p>Readings where the guide is silent: jsonb is serialized like json (a string of its text); the date sentinels
 * for ±infinity are PostgreSQL's internal day counts ({@code INT32_MAX}, {@code INT32_MIN}) shifted to the Unix
 * epoch in 64-bit arithmetic ({@code 2147494604} and {@code -2147472691}); a type the guide does not list (arrays,
 * enums, ranges, ...) is sent as its PostgreSQL text form.
 */
public final class DsqlCdcValues {
  /** The guide's sentinel for {@code timestamp 'infinity'} (and timestamptz). */
  public static final long TIMESTAMP_INFINITY = 9223372036825200000L;
  /** The guide's sentinel for {@code timestamp '-infinity'} (and timestamptz). */
  public static final long TIMESTAMP_MINUS_INFINITY = -9223372036832400000L;
  /** Days from 2000-01-01 (PostgreSQL's epoch) back to 1970-01-01. */
  private static final long POSTGRES_EPOCH_DAYS = 10957;
  public static final long DATE_INFINITY = Integer.MAX_VALUE + POSTGRES_EPOCH_DAYS;
  public static final long DATE_MINUS_INFINITY = Integer.MIN_VALUE + POSTGRES_EPOCH_DAYS;

  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long SECONDS_PER_MONTH = 2_629_800L;
  private static final DateTimeFormatter TIMETZ = new DateTimeFormatterBuilder()
      .appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .appendOffset("+HH:mm:ss", "+00")
      .toFormatter();

  private DsqlCdcValues() {
  }

  /** The JSON value (Integer, Long, Float, Double, String, Boolean, an empty List or null) of a column of a row. */
  public static Object of(ResultSet row, int column) throws SQLException {
    String text = row.getString(column);
    if (text == null) {
      return null;
    }
    String type = row.getMetaData().getColumnTypeName(column);
    // pgjdbc names an integer column with a sequence default serial or bigserial, not int4 or int8
    return switch (type) {
      case "int2", "int4", "serial" -> row.getInt(column);
      case "int8", "bigserial" -> row.getLong(column);
      case "oid" -> Long.parseLong(text);
      case "float4" -> special(text) != null ? special(text) : (Object) row.getFloat(column);
      case "float8" -> special(text) != null ? special(text) : (Object) row.getDouble(column);
      case "bool" -> row.getBoolean(column);
      case "bpchar" -> text.replaceFirst(" +$", "");
      case "bytea" -> Base64.getEncoder().encodeToString(row.getBytes(column));
      case "date" -> date(text, row, column);
      case "time" -> "24:00:00".equals(text) ? MICROS_PER_DAY
          : row.getObject(column, LocalTime.class).toNanoOfDay() / 1000;
      case "timetz" -> timetz(text);
      case "timestamp" -> timestamp(text, row, column);
      case "timestamptz" -> timestamptz(text, row, column);
      case "interval" -> interval((PGInterval) row.getObject(column));
      case "oidvector" -> List.of();
      default -> text;
    };
  }

  private static String special(String text) {
    return switch (text) {
      case "NaN", "Infinity", "-Infinity" -> text;
      default -> null;
    };
  }

  private static Object date(String text, ResultSet row, int column) throws SQLException {
    return switch (text) {
      case "infinity" -> DATE_INFINITY;
      case "-infinity" -> DATE_MINUS_INFINITY;
      default -> row.getObject(column, LocalDate.class).toEpochDay();
    };
  }

  private static long timetz(String text) {
    var parsed = TIMETZ.parse(text);
    long local = parsed.getLong(ChronoField.SECOND_OF_DAY) * 1_000_000L
        + parsed.getLong(ChronoField.NANO_OF_SECOND) / 1000;
    return Math.floorMod(local - parsed.getLong(ChronoField.OFFSET_SECONDS) * 1_000_000L, MICROS_PER_DAY);
  }

  private static Object timestamp(String text, ResultSet row, int column) throws SQLException {
    return switch (text) {
      case "infinity" -> TIMESTAMP_INFINITY;
      case "-infinity" -> TIMESTAMP_MINUS_INFINITY;
      default -> micros(row.getObject(column, LocalDateTime.class).atOffset(ZoneOffset.UTC));
    };
  }

  private static Object timestamptz(String text, ResultSet row, int column) throws SQLException {
    return switch (text) {
      case "infinity" -> TIMESTAMP_INFINITY;
      case "-infinity" -> TIMESTAMP_MINUS_INFINITY;
      default -> micros(row.getObject(column, OffsetDateTime.class));
    };
  }

  private static long micros(OffsetDateTime time) {
    return Math.addExact(Math.multiplyExact(time.toEpochSecond(), 1_000_000L), time.getNano() / 1000);
  }

  private static Object interval(PGInterval interval) {
    try {
      long months = Math.addExact(Math.multiplyExact((long) interval.getYears(), 12L), interval.getMonths());
      long seconds = Math.addExact(Math.multiplyExact(months, SECONDS_PER_MONTH),
          Math.multiplyExact((long) interval.getDays(), 86_400L));
      long clock = (long) interval.getHours() * 3600L + interval.getMinutes() * 60L + interval.getWholeSeconds();
      long micros = Math.addExact(Math.multiplyExact(seconds, 1_000_000L),
          Math.addExact(Math.multiplyExact(clock, 1_000_000L), (long) interval.getMicroSeconds()));
      return micros;
    } catch (ArithmeticException overflow) {
      return null;
    }
  }
}
