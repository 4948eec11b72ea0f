package io.dsqlcdc.bench.scenario;

import io.dsqlcdc.bench.BenchProfile;
import io.dsqlcdc.bench.environment.BenchEnvironment;
import io.dsqlcdc.bench.kafka.CommittedWatcher;
import io.dsqlcdc.bench.report.ResultRow;
import io.dsqlcdc.bench.report.Subject;
import io.dsqlcdc.bench.runtime.RuntimeProcess;
import io.dsqlcdc.bench.runtime.RuntimeSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every scenario shares: the environment, the profile, and the results collected so far (rows, notes, failures,
 * and the runtime's memory at the end of each of its runs, scenario 6).
 */
public final class BenchContext {
  private static final Logger LOG = LoggerFactory.getLogger(BenchContext.class);

  private final BenchEnvironment environment;
  private final BenchProfile profile;
  private final Path jfrDir;
  private final List<ResultRow> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final Map<String, Map<Subject, double[]>> memory = new java.util.LinkedHashMap<>();

  public BenchContext(BenchEnvironment environment, BenchProfile profile, Path jfrDir) {
    this.environment = environment;
    this.profile = profile;
    this.jfrDir = jfrDir;
  }

  public BenchEnvironment environment() {
    return environment;
  }

  public BenchProfile profile() {
    return profile;
  }

  public void row(ResultRow row) {
    rows.add(row);
  }

  public void note(String note) {
    LOG.info("note: {}", note);
    notes.add(note);
  }

  /** A subject's part of a scenario failed: it gets no figure, and the run reports why. */
  public void failure(String scenario, Subject subject, Exception e) {
    LOG.warn("{} / {} failed", scenario, subject.heading(), e);
    failures.add(scenario + " / " + subject.heading() + " failed: " + e.getMessage());
  }

  public List<ResultRow> rows() {
    return List.copyOf(rows);
  }

  public List<String> notes() {
    List<String> all = new ArrayList<>(notes);
    all.addAll(failures);
    return all;
  }

  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** Starts the runtime as a child process, with a flight recording when the run asked for one. */
  public RuntimeProcess startRuntime(RuntimeSettings settings) throws IOException, InterruptedException {
    List<String> options = jfrDir == null ? List.of()
        : List.of("-XX:StartFlightRecording=settings=default,filename=" + jfrDir.resolve(settings.label() + ".jfr"));
    return RuntimeProcess.start(environment, settings, options);
  }

  /** Records the runtime's heap after GC and RSS at the end of a scenario, before it is stopped. */
  public void recordMemory(String scenario, Subject subject, RuntimeProcess runtime) {
    try {
      double heap = runtime.heapAfterGcMiB();
      double rss = runtime.rssMiB();
      memory.computeIfAbsent(scenario, s -> new EnumMap<>(Subject.class)).put(subject, new double[] {heap, rss});
    } catch (IOException | RuntimeException e) {
      failure("Memory: " + scenario, subject, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Scenario 6's rows: heap after GC (target <= 256 MiB) and RSS, per scenario the runtime ran. */
  public void memoryRows() {
    memory.forEach((scenario, bySubject) -> {
      Map<Subject, Double> heap = new EnumMap<>(Subject.class);
      Map<Subject, Double> rss = new EnumMap<>(Subject.class);
      bySubject.forEach((subject, figures) -> {
        heap.put(subject, figures[0]);
        rss.put(subject, figures[1]);
      });
      Double runtimeHeap = heap.get(Subject.RUNTIME);
      rows.add(new ResultRow("6. Memory", "heap after GC, " + scenario, "MiB", heap, "<= 256 MiB",
          runtimeHeap == null ? null : runtimeHeap <= 256, null));
      rows.add(new ResultRow("6. Memory", "RSS, " + scenario, "MiB", rss, null, null, null));
    });
  }

  /** A watcher over the given topics from their start. */
  public CommittedWatcher watch(List<String> topics, io.dsqlcdc.bench.data.CommitLog commits) {
    return new CommittedWatcher(environment.kafka().bootstrapServers(), topics, commits);
  }
}
