package io.dsqlcdc.capture.event;

/**
 * One Kafka record to write: value null for a tombstone. keyText, cursorMicros, op and schemaVersion (the version of
 * the table's shape the event was built under) travel as record headers.
 */
public record ChangeEvent(String topic, byte[] key, byte[] value, String keyText, long cursorMicros, Op op,
                          long schemaVersion) {

  public enum Op {
    READ("r"), CREATE("c"), UPDATE("u"), DELETE("d"), TOMBSTONE(null);

    private final String code;

    Op(String code) {
      this.code = code;
    }

    /** Debezium's op code; null for a tombstone. */
    public String code() {
      return code;
    }
  }
}
