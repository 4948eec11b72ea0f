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
  NAIVE_SCAN("Naive key scan");

  private final String heading;

  Subject(String heading) {
    this.heading = heading;
  }

  public String heading() {
    return heading;
  }
}
