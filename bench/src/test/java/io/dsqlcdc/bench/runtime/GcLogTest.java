package io.dsqlcdc.bench.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a JDK 17 G1 {@code -Xlog:gc} log. */
class GcLogTest {
  private static final List<String> LOG = List.of(
      "[0.013s][info][gc] Using G1",
      "[0.836s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 6M->3M(64M) 6.309ms",
      "[1.626s][info][gc] GC(5) Pause Young (Concurrent Start) (G1 Evacuation Pause) 45M->45M(64M) 1.228ms",
      "[1.626s][info][gc] GC(6) Concurrent Mark Cycle",
      "[1.700s][info][gc] GC(6) Pause Remark 60M->58M(64M) 2.000ms",
      "[1.900s][info][gc] GC(7) Pause Full (G1 Compaction Pause) 63M->40M(64M) 90.463ms",
      "[2.100s][info][gc] GC(6) Concurrent Mark Cycle 474.133ms",
      "[3.000s][info][gc] GC(8) Pause Full (System.gc()) 300M->20M(1024M) 50.000ms",
      "[3.500s][info][gc] GC(9) Pause Full (Diagnostic Command) 200M->20M(1024M) 40.000ms",
      "[4.000s][info][gc] GC(10) Pause Full (Heap Inspection Initiated GC) 100M->20M(1024M) 30.000ms");

  @Test
  void thePeakIsTheMostHeapInUseBeforeAPause() {
    assertThat(GcLog.parse(LOG).peakHeapMiB()).isEqualTo(63);
  }

  @Test
  void pausesAddUpButConcurrentPhasesDoNot() {
    assertThat(GcLog.parse(LOG).pauseSeconds()).isCloseTo((6.309 + 1.228 + 2.0 + 90.463) / 1000, within(1e-9));
  }

  @Test
  void fullCollectionsAreCountedExceptTheOnesTheBenchAskedFor() {
    assertThat(GcLog.parse(LOG).fullPauses()).isEqualTo(1);
  }

  @Test
  void kilobytesAndGigabytesAreReadAsMebibytes() {
    assertThat(GcLog.parse(List.of(
        "[1.0s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 512K->256K(2G) 1.0ms",
        "[2.0s][info][gc] GC(2) Pause Young (Normal) (G1 Evacuation Pause) 2G->1G(2G) 1.0ms")).peakHeapMiB())
        .isEqualTo(2048);
  }
}
