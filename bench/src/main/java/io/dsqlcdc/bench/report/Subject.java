package io.dsqlcdc.bench.report;

/** Who produced a figure: the runtime, a peer, or a raw limit. The table has one column per subject. */
public enum Subject {
  RUNTIME("Runtime"),
  SEED_COMPAT("Seed-compat"),
  DEBEZIUM("Debezium"),
  DEBEZIUM_TUNED("Debezium tuned"),
  JDBC_READ("Raw JDBC read"),
  PRODUCER("Raw producer"),
  /** Hard-delete detection the naive way: every key of the table read and compared with the keys emitted. */
  NAIVE_SCAN("Naive key scan"),
  /** Stream mode's peer: every shard read, each record's payload produced at least once, no ordering or dedupe. */
  PLAIN_RELAY("Plain relay"),
  /** Every shard read with GetRecords and nothing done with the records: the Kinesis emulator's ceiling. */
  KINESIS_READ("Raw Kinesis read"),
  /** The runtime polling PostgreSQL, beside the runtime in stream mode (the Runtime column) in scenario 10. */
  POLL_MODE("Runtime, poll mode");

  private final String heading;

  Subject(String heading) {
    this.heading = heading;
  }

  public String heading() {
    return heading;
  }
}
