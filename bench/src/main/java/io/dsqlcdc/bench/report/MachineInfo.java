package io.dsqlcdc.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine and component versions a run was measured on, printed above the table. */
public final class MachineInfo {
  private final Map<String, String> facts = new LinkedHashMap<>();

  public MachineInfo() {
    facts.put("Cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    facts.put("Memory", memory());
    facts.put("CPU", cpuModel());
    facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    facts.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    facts.put("Load average at start", loadAverage());
  }

  public MachineInfo put(String name, String value) {
    facts.put(name, value);
    return this;
  }

  public Map<String, String> facts() {
    return new LinkedHashMap<>(facts);
  }

  public static String loadAverage() {
    return firstLine(Path.of("/proc/loadavg")).replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
  }

  private static String memory() {
    Matcher m = Pattern.compile("MemTotal:\\s+(\\d+) kB").matcher(read(Path.of("/proc/meminfo")));
    return m.find() ? String.format("%.1f GiB", Long.parseLong(m.group(1)) / 1024.0 / 1024.0) : "unknown";
  }

  private static String cpuModel() {
    Matcher m = Pattern.compile("model name\\s*:\\s*(.+)").matcher(read(Path.of("/proc/cpuinfo")));
    return m.find() ? m.group(1).trim() : "unknown";
  }

  private static String firstLine(Path file) {
    String text = read(file);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
