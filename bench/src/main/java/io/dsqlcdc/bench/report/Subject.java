package io.dsqlcdc.bench.report;

/** Who produced a figure: the runtime, a peer, or a raw limit. The table has one column per subject. */
public enum Subject {
  RUNTIME("Runtime"),
  SEED_COMPAT("Seed-compat"),
  DEBEZIUM("Debezium"),
  DEBEZIUM_TUNED("Debezium tuned"),
  JDBC_READ("Raw JDBC read"),
  PRODUCER("Raw producer");

  private final String heading;

  Subject(String heading) {
    this.heading = heading;
  }

  public String heading() {
    return heading;
  }
}
