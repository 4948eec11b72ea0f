package io.dsqlcdc.sandbox;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.status.ChangeStreamStatus;
import io.dsqlcdc.api.status.DsqlCdcPipelineStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The pipelines' progress on the console, one line per change: a pipeline's phase, readiness, tables and lag (and in
 * stream mode its stream, shards and the stream's lag) when they change (with the reason and the runtime's last log lines while it is not Ready), and how many change events
 * reached Kafka since the last line.
 */
final class ProgressReport {
  private static final int LATEST_WIDTH = 100;
  private final PrintStream console;
  private final Map<String, String> shown = new HashMap<>();
  private long eventsShown;

  ProgressReport(PrintStream console) {
    this.console = console;
  }

  void show(Sandbox sandbox, List<DsqlCdcPipeline> pipelines, RecentEvents events) {
    Set<String> present = new HashSet<>();
    for (DsqlCdcPipeline p : pipelines) {
      String key = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
      present.add(key);
      String state = describe(p, false);
      if (!state.equals(shown.put(key, state))) {
        console.println(now() + "  " + key + "  " + describe(p, true));
        if (!"True".equals(ready(status(p)).map(Condition::getStatus).orElse(""))) {
          sandbox.pods().logTail(p.getMetadata().getNamespace(), p.getMetadata().getName(), 3)
              .forEach(log -> console.println("            runtime: " + log));
        }
      }
    }
    for (String gone : Set.copyOf(shown.keySet())) {
      if (!present.contains(gone)) {
        shown.remove(gone);
        console.println(now() + "  " + gone + "  deleted");
      }
    }
    List<String> recent = events.poll();
    if (events.seen() > eventsShown) {
      String latest = recent.get(recent.size() - 1);
      console.println(now() + "  Kafka: " + events.seen() + " change events so far (+" + (events.seen() - eventsShown)
          + "), latest " + (latest.length() > LATEST_WIDTH ? latest.substring(0, LATEST_WIDTH) + "..." : latest));
      eventsShown = events.seen();
    }
    console.flush();
  }

  /** The printer columns' values and the reason when not Ready; the lag, which changes all the time, on request. */
  private static String describe(DsqlCdcPipeline p, boolean withLag) {
    if (p.getStatus() == null) {
      return "created; waiting for the operator";
    }
    DsqlCdcPipelineStatus status = status(p);
    StringBuilder line = new StringBuilder().append("phase=").append(Objects.toString(status.phase(), "-"))
        .append(" ready=").append(ready(status).map(Condition::getStatus).orElse("-"))
        .append(" tables=").append(Objects.toString(status.tablesReady(), "-"));
    if (withLag) {
      line.append(" lag=").append(Objects.toString(status.lag(), "-"));
    }
    if (status.stream() != null) {
      line.append(stream(status.stream(), withLag));
    }
    ready(status).filter(c -> !"True".equals(c.getStatus()))
        .ifPresent(c -> line.append("  (").append(c.getReason()).append(": ").append(c.getMessage()).append(')'));
    return line.toString();
  }

  /**
   * Stream mode: the stream's name, its shards and why it is not relayed; on request how far the slowest shard is
   * behind and how many records the grace window holds.
   */
  private static String stream(ChangeStreamStatus stream, boolean withLag) {
    String arn = Objects.toString(stream.streamArn(), "-");
    StringBuilder line = new StringBuilder(" stream=").append(arn.substring(arn.lastIndexOf('/') + 1))
        .append(" shards=").append(stream.shards().stream().filter(s -> !Boolean.TRUE.equals(s.ended())).count());
    if (withLag) {
      line.append(" behind=").append(stream.shards().stream().map(ChangeStreamStatus.ShardStatus::millisBehindLatest)
          .filter(Objects::nonNull).max(Long::compare).map(ms -> ms + "ms").orElse("-"))
          .append(" held=").append(Objects.toString(stream.recordsHeld(), "-"));
    }
    if (stream.reason() != null) {
      line.append("  (").append(stream.reason()).append(": ").append(stream.message()).append(')');
    }
    return line.toString();
  }

  private static DsqlCdcPipelineStatus status(DsqlCdcPipeline p) {
    return p.getStatus() == null ? DsqlCdcPipelineStatus.empty() : p.getStatus();
  }

  private static java.util.Optional<Condition> ready(DsqlCdcPipelineStatus status) {
    return status.conditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
  }

  private static String now() {
    return LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
