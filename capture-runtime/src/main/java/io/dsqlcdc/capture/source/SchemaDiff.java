package io.dsqlcdc.capture.source;

import io.dsqlcdc.api.status.TableReasons;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a table's shape changed between two reads of its schema: columns added, dropped, renamed (the same column
 * number under another name), changed type (compatibly or not, as consumers of the events see it) and a changed key.
 *
 * @param changes in column order: the old columns' changes, then the added columns, then the key
 */
public record SchemaDiff(List<Change> changes) {

  /** What happened to a column; {@link #label()} is the metric's {@code kind}. */
  public enum Kind {
    ADDED, DROPPED, RENAMED,
    /** The events' values keep their type and every old value fits the new one (int4 to int8, varchar(10) to (100)). */
    TYPE_WIDENED,
    /** Consumers see another type or a narrower one (int4 to text, numeric(12,2) to numeric(12,4)). */
    TYPE_INCOMPATIBLE,
    KEY_CHANGED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One change; {@code column} is the column's name before the change (the new one for an added column). */
  public record Change(Kind kind, String column, String detail) {
    public String describe() {
      return switch (kind) {
        case ADDED -> "added " + column + " " + detail;
        case DROPPED -> "dropped " + column;
        case RENAMED -> "renamed " + column + " to " + detail;
        case TYPE_WIDENED -> "widened " + column + " " + detail;
        case TYPE_INCOMPATIBLE -> "changed " + column + " " + detail + " " + TableReasons.INCOMPATIBLE_MARK;
        case KEY_CHANGED -> "key " + detail;
      };
    }
  }

  /** Base types whose values all fit another type, with the same Connect schema family (integer, float, string). */
  private static final Map<String, Set<String>> WIDENINGS = Map.of(
      "int2", Set.of("int4", "int8"),
      "int4", Set.of("int8"),
      "float4", Set.of("float8"),
      "varchar", Set.of("text"),
      "bpchar", Set.of("text", "varchar"));

  public SchemaDiff {
    changes = List.copyOf(changes);
  }

  /** Compares two column lists (in table order) and key column names. */
  public static SchemaDiff between(List<ColumnSchema> before, List<String> keyBefore, List<ColumnSchema> after,
                                   List<String> keyAfter) {
    List<Change> changes = new ArrayList<>();
    Set<ColumnSchema> matched = new HashSet<>();
    for (ColumnSchema old : before) {
      ColumnSchema now = counterpart(old, after);
      if (now == null) {
        changes.add(new Change(Kind.DROPPED, old.name(), null));
        continue;
      }
      matched.add(now);
      if (!now.name().equals(old.name())) {
        changes.add(new Change(Kind.RENAMED, old.name(), now.name()));
      }
      if (!sameType(old, now)) {
        changes.add(new Change(compatible(old, now) ? Kind.TYPE_WIDENED : Kind.TYPE_INCOMPATIBLE, old.name(),
            describe(old) + " to " + describe(now)));
      }
    }
    for (ColumnSchema now : after) {
      if (!matched.contains(now)) {
        changes.add(new Change(Kind.ADDED, now.name(), describe(now)));
      }
    }
    if (!keyBefore.equals(keyAfter)) {
      changes.add(new Change(Kind.KEY_CHANGED, String.join(", ", keyBefore),
          "(" + String.join(", ", keyBefore) + ") to (" + String.join(", ", keyAfter) + ")"));
    }
    return new SchemaDiff(changes);
  }

  /** The same column after the change: by column number when both reads know it (a rename keeps it), else by name. */
  private static ColumnSchema counterpart(ColumnSchema old, List<ColumnSchema> after) {
    for (ColumnSchema now : after) {
      boolean numbered = old.position() > 0 && now.position() > 0;
      if (numbered ? now.position() == old.position() : now.name().equals(old.name())) {
        return now;
      }
    }
    return null;
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** Whether {@code column} is gone under its name: "dropped", or "renamed to x"; empty when it is still there. */
  public Optional<String> lost(String column) {
    return changes.stream().filter(c -> c.column().equals(column))
        .filter(c -> c.kind() == Kind.DROPPED || c.kind() == Kind.RENAMED).findFirst()
        .map(c -> c.kind() == Kind.DROPPED ? "dropped" : "renamed to " + c.detail());
  }

  /** True when a column's type changed so that consumers see another type. */
  public boolean incompatible() {
    return changes.stream().anyMatch(c -> c.kind() == Kind.TYPE_INCOMPATIBLE);
  }

  /** Every change, e.g. {@code added note text; widened qty int4 to int8}. */
  public String describe() {
    return changes.stream().map(Change::describe).collect(Collectors.joining("; "));
  }

  private static String describe(ColumnSchema c) {
    return c.typeText() + (c.optional() ? "" : " not null");
  }

  private static boolean sameType(ColumnSchema a, ColumnSchema b) {
    return a.udtName().equals(b.udtName()) && Objects.equals(a.length(), b.length())
        && Objects.equals(a.scale(), b.scale()) && Objects.equals(a.timePrecision(), b.timePrecision())
        && a.optional() == b.optional();
  }

  /**
   * True when the new type carries every old value under the same Connect type: the same type with a length,
   * precision or nullability at least as loose, or a widening (int2 to int4 to int8, float4 to float8, varchar to
   * text). A changed scale or fractional-second precision changes what the values mean: incompatible.
   */
  static boolean compatible(ColumnSchema from, ColumnSchema to) {
    if (from.isArray() != to.isArray()) {
      return false;
    }
    String a = from.baseType();
    String b = to.baseType();
    if (!a.equals(b)) {
      return WIDENINGS.getOrDefault(a, Set.of()).contains(b);
    }
    boolean narrower = to.length() != null && (from.length() == null || to.length() < from.length());
    return !narrower && Objects.equals(from.scale(), to.scale())
        && Objects.equals(from.timePrecision(), to.timePrecision());
  }
}
