package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.capture.changestream.CdcRecord;
import io.dsqlcdc.capture.event.SourceRow;
import java.time.Duration;

/**
 * A table as the relay's parts see it, for their unit tests: the worker's side (handed over, a snapshot ahead, a
 * stream gap) is set by the test, {@link #submit()} does what the test gives it, and any other call fails.
 */
final class FakeStreamedTable implements StreamedTable {
  /** What {@link #submit()} does. */
  @FunctionalInterface
  interface Submit {
    void run() throws InterruptedException;
  }

  private final String name;
  private final Submit submit;
  boolean ready;
  boolean floorAhead;
  Long gapSince;

  FakeStreamedTable(String name) {
    this(name, () -> {
      throw new UnsupportedOperationException("submit");
    });
  }

  FakeStreamedTable(String name, Submit submit) {
    this.name = name;
    this.submit = submit;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean handedOver() {
    return ready;
  }

  @Override
  public boolean snapshotFloorAhead() {
    return floorAhead;
  }

  @Override
  public Long streamGapSinceMillis() {
    return gapSince;
  }

  @Override
  public void submit() throws InterruptedException {
    submit.run();
  }

  @Override
  public long snapshotFloorNanos() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Long highWater(String keyText) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SourceRow row(CdcRecord record) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean emit(SourceRow row, long commitNanos) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void streaming(Duration lag) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void streamGap(long sinceMillis, String message) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void failed(String reason, String message) {
    throw new UnsupportedOperationException();
  }
}
