package io.dsqlcdc.capture.state;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An order-preserving byte encoding of a table's key: byte order of two encoded keys is the order PostgreSQL gives the
 * key rows, so the state store can range-scan its own keys in primary-key order. Integer columns become 8 bytes
 * big-endian with the sign bit flipped; uuid columns their 16 bytes (PostgreSQL compares uuids bytewise); text columns
 * their UTF-8 bytes and a 0 byte (text holds no 0 byte), which is PostgreSQL's order under {@code COLLATE "C"}.
 */
public final class KeyOrder {
  /** How one key column's text is encoded. */
  public enum Kind {
    INTEGER, UUID, TEXT
  }

  private static final Set<String> INTEGERS = Set.of("int2", "int4", "int8");
  private static final Set<String> TEXTS = Set.of("text", "varchar");
  private static final String SEPARATOR = "\u001f";

  private final List<Kind> kinds;

  private KeyOrder(List<Kind> kinds) {
    this.kinds = List.copyOf(kinds);
  }

  /** The kind of a column type (its {@code udt_name}), empty when its order cannot be reproduced. */
  public static Optional<Kind> kindOf(String udtName) {
    if (INTEGERS.contains(udtName)) {
      return Optional.of(Kind.INTEGER);
    }
    if ("uuid".equals(udtName)) {
      return Optional.of(Kind.UUID);
    }
    return TEXTS.contains(udtName) ? Optional.of(Kind.TEXT) : Optional.empty();
  }

  /** The order of keys with columns of these types, or empty when one of them cannot be range-scanned. */
  public static Optional<KeyOrder> of(List<String> udtNames) {
    List<Kind> kinds = new ArrayList<>();
    for (String t : udtNames) {
      Optional<Kind> k = kindOf(t);
      if (k.isEmpty()) {
        return Optional.empty();
      }
      kinds.add(k.get());
    }
    return Optional.of(new KeyOrder(kinds));
  }

  public List<Kind> kinds() {
    return kinds;
  }

  /** Per key column, whether it is an integer: its value in an event is a number, not the key text. */
  public boolean[] integerColumns() {
    boolean[] integers = new boolean[kinds.size()];
    for (int i = 0; i < integers.length; i++) {
      integers[i] = kinds.get(i) == Kind.INTEGER;
    }
    return integers;
  }

  /** Names the encoding, so a store built with another one is rebuilt. */
  public String id() {
    return "v1:" + kinds;
  }

  /** The key columns' texts of a key text (the columns joined by the unit separator). */
  public List<String> values(String keyText) {
    return kinds.size() == 1 ? List.of(keyText) : List.of(keyText.split(SEPARATOR, -1));
  }

  public byte[] encode(String keyText) {
    return encode(values(keyText));
  }

  public byte[] encode(List<String> values) {
    if (values.size() != kinds.size()) {
      throw new IllegalArgumentException("a key of " + kinds.size() + " column(s) has " + values.size() + " value(s)");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * kinds.size());
    for (int i = 0; i < kinds.size(); i++) {
      String v = values.get(i);
      switch (kinds.get(i)) {
        case INTEGER -> out.writeBytes(ByteBuffer.allocate(8).putLong(Long.parseLong(v) ^ Long.MIN_VALUE).array());
        case UUID -> {
          java.util.UUID u = java.util.UUID.fromString(v);
          out.writeBytes(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
              .putLong(u.getLeastSignificantBits()).array());
        }
        case TEXT -> {
          out.writeBytes(v.getBytes(StandardCharsets.UTF_8));
          out.write(0);
        }
      }
    }
    return out.toByteArray();
  }
}
