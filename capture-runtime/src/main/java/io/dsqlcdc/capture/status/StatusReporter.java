package io.dsqlcdc.capture.status;

import io.dsqlcdc.api.status.ConnectionStatus;
import io.dsqlcdc.api.status.Phase;
import io.dsqlcdc.api.status.RuntimeStatus;
import io.dsqlcdc.api.status.TableState;
import io.dsqlcdc.api.status.TableStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Assembles the /status document from the live table states and the two connections. */
public final class StatusReporter {
  private final String pipeline;
  private final Instant startedAt;
  private final List<TableProgress> tables;
  private final Supplier<ConnectionStatus> source;
  private final Supplier<ConnectionStatus> sink;
  private final Supplier<String> fatalError;

  public StatusReporter(String pipeline, Instant startedAt, List<TableProgress> tables,
                        Supplier<ConnectionStatus> source, Supplier<ConnectionStatus> sink, Supplier<String> fatalError) {
    this.pipeline = pipeline;
    this.startedAt = startedAt;
    this.tables = List.copyOf(tables);
    this.source = source;
    this.sink = sink;
    this.fatalError = fatalError;
  }

  public RuntimeStatus status() {
    List<TableStatus> states = tables.stream().map(TableProgress::snapshot).toList();
    return new RuntimeStatus(pipeline, phase(states), startedAt, source.get(), sink.get(), states);
  }

  public boolean ready() {
    return fatalError.get() == null && source.get().connected() && sink.get().connected()
        && tables.stream().noneMatch(t -> t.state() == TableState.Restoring);
  }

  private Phase phase(List<TableStatus> states) {
    if (fatalError.get() != null || (!states.isEmpty() && states.stream().allMatch(t -> t.state() == TableState.Failed))) {
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
}
