package io.dsqlcdc.bench.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a runtime's GC log ({@code -Xlog:gc:file=F}) says about its heap: the most heap in use before any collection
 * (the peak), the time its collections paused the application, and how many pauses were full collections. Pauses
 * the bench asked for are left out: {@code jcmd GC.run} (JDK 17 logs it as {@code Diagnostic Command}, a
 * {@code System.gc()} as {@code System.gc()}) and a class histogram ({@code Heap Inspection Initiated GC}).
 *
 * @param peakHeapMiB   the largest heap in use before a pause
 * @param pauseSeconds  every pause added up
 * @param fullPauses    pauses that were full collections (a heap that does not fit collects fully, again and again)
 */
public record GcLog(double peakHeapMiB, double pauseSeconds, long fullPauses) {
  private static final List<String> ASKED_FOR = List.of("(Diagnostic Command)", "(System.gc())",
      "(Heap Inspection Initiated GC)");
  private static final Pattern PAUSE = Pattern.compile(
      "Pause (\\S+).*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) ([\\d.]+)ms");

  /** The JVM option that writes the log this reads. */
  public static String option(Path file) {
    return "-Xlog:gc:file=" + file;
  }

  public static GcLog read(Path file) throws IOException {
    return parse(Files.readAllLines(file));
  }

  static GcLog parse(List<String> lines) {
    double peak = 0;
    double pauses = 0;
    long full = 0;
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (!m.find() || ASKED_FOR.stream().anyMatch(line::contains)) {
        continue;
      }
      peak = Math.max(peak, mib(m.group(2), m.group(3)));
      pauses += Double.parseDouble(m.group(8)) / 1000;
      if (m.group(1).equals("Full")) {
        full++;
      }
    }
    return new GcLog(peak, pauses, full);
  }

  private static double mib(String amount, String unit) {
    double value = Double.parseDouble(amount);
    return switch (unit) {
      case "K" -> value / 1024;
      case "G" -> value * 1024;
      default -> value;
    };
  }

  /** The two logs together, as of one process that ran both. */
  public GcLog plus(GcLog other) {
    return new GcLog(Math.max(peakHeapMiB, other.peakHeapMiB), pauseSeconds + other.pauseSeconds,
        fullPauses + other.fullPauses);
  }
}
