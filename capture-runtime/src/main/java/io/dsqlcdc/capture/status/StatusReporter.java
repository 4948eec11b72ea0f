package io.dsqlcdc.capture.status;

import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.api.status.Phase;
import io.dsqlcdc.api.status.RuntimeStatus;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Assembles the /status document from the live table states and the two connections. */
public final class StatusReporter {
  private final String pipeline;
  private final Instant startedAt;
  private final List<TableProgress> tables;
  private final Supplier<ConnectionStatus> source;
  private final Supplier<ConnectionStatus> sink;
  private final Supplier<String> fatalError;
  private final StreamStatus stream;

  /** @param stream stream mode's position in the change stream; null in poll mode */
  public StatusReporter(String pipeline, Instant startedAt, List<TableProgress> tables,
                        Supplier<ConnectionStatus> source, Supplier<ConnectionStatus> sink, Supplier<String> fatalError,
                        StreamStatus stream) {
    this.stream = stream;
    this.pipeline = pipeline;
    this.startedAt = startedAt;
    this.tables = List.copyOf(tables);
    this.source = source;
    this.sink = sink;
    this.fatalError = fatalError;
  }

  public RuntimeStatus status() {
    List<TableStatus> states = tables.stream().map(TableProgress::snapshot).toList();
    return new RuntimeStatus(pipeline, phase(states), startedAt, source.get(), sink.get(), states,
        stream == null ? null : stream.snapshot());
  }

  public boolean ready() {
    return unreadyBecause().isEmpty();
  }

  /**
   * Why the runtime is not ready (empty when it is): a fatal error, a lost source or sink, or every table failing.
   * Some tables failing leaves it ready: the others flow, and /status, the resource's Degraded condition and the
   * dsqlcdc_table_failing metric tell which.
   */
  public Optional<String> unreadyBecause() {
    String fatal = fatalError.get();
    if (fatal != null) {
      return Optional.of("failed: " + fatal);
    }
    ConnectionStatus s = source.get();
    if (!s.connected()) {
      return Optional.of("source " + s.reason() + ": " + s.message());
    }
    ConnectionStatus k = sink.get();
    if (!k.connected()) {
      return Optional.of("sink " + k.reason() + ": " + k.message());
    }
    List<TableStatus> states = tables.stream().map(TableProgress::snapshot).toList();
    List<String> restoring = states.stream().filter(t -> t.state() == TableState.Restoring)
        .map(TableStatus::name).toList();
    if (!restoring.isEmpty()) {
      return Optional.of("restoring capture state of " + String.join(", ", restoring));
    }
    if (allFailed(states)) {
      return Optional.of("every table fails: " + states.stream().map(t -> t.name() + ": " + t.lastError())
          .collect(Collectors.joining("; ")));
    }
    return Optional.empty();
  }

  private Phase phase(List<TableStatus> states) {
    if (fatalError.get() != null || allFailed(states)) {
      return Phase.Failed;
    }
    if (states.stream().anyMatch(t -> t.state() == TableState.Restoring)) {
      return Phase.Restoring;
    }
    if (states.stream().anyMatch(t -> t.state() == TableState.Snapshotting)) {
      return Phase.Snapshotting;
    }
    if (states.stream().anyMatch(t -> t.state() == TableState.Streaming)) {
      return Phase.Streaming;
    }
    return Phase.Pending;
  }

  private static boolean allFailed(List<TableStatus> states) {
    return !states.isEmpty() && states.stream().allMatch(t -> t.state() == TableState.Failed);
  }
}
