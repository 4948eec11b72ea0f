package io.dsqlcdc.capture.pipeline;

import io.dsqlcdc.capture.offsets.TableContext;
import io.dsqlcdc.capture.state.KeyStateStore;
import io.dsqlcdc.capture.window.UnsettledWindow;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Rebuilds a table's unsettled window from a view of its state store on a thread of its own, so the capture streams
 * again as soon as the key states are restored instead of after reading every version of the window (millions after
 * a whole-table update inside it). Meanwhile the table's context holds a journaling window: the capture thread swaps
 * the rebuilt window in, with the journal replayed into it, at the first step after the rebuild ends, and waits for
 * the rebuild when the journal has grown as large as a window may be.
 */
final class WindowRebuild {
  private final CompletableFuture<UnsettledWindow> rebuilt = new CompletableFuture<>();
  private final Thread thread;
  private final int journalLimit;

  private WindowRebuild(StateLoader loader, KeyStateStore.View view, UnsettledWindow journaling, String table) {
    this.journalLimit = loader.journalLimit();
    this.thread = new Thread(() -> {
      try (view) {
        rebuilt.complete(loader.rebuild(view, journaling.sliceWidth(), journaling.settledBefore()));
      } catch (RuntimeException e) {
        rebuilt.completeExceptionally(e);
      }
    }, "window-rebuild-" + table);
    thread.setDaemon(true);
  }

  /**
   * Starts rebuilding the window of {@code context}, whose window must be a fresh journaling one and whose store
   * must not have changed since it was restored.
   */
  static WindowRebuild start(StateLoader loader, TableContext context, String table) {
    UnsettledWindow journaling = context.window();
    if (!journaling.isJournaling() || journaling.journalSize() > 0) {
      throw new IllegalStateException("a window rebuild starts from an empty journaling window");
    }
    WindowRebuild rebuild = new WindowRebuild(loader, loader.view(), journaling, table);
    rebuild.thread.start();
    return rebuild;
  }

  /**
   * On the capture thread, before a step: once the rebuild ended (or, when the journal is full, after waiting for it),
   * replays the journal into the rebuilt window and puts it in the context's place; returns whether it did.
   */
  boolean swapIfDone(TableContext context) throws InterruptedException {
    UnsettledWindow journaling = context.window();
    if (!rebuilt.isDone() && journaling.journalSize() < journalLimit) {
      return false;
    }
    UnsettledWindow window;
    try {
      window = rebuilt.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
    journaling.replayInto(window);
    context.replaceWindow(window);
    return true;
  }

  /** Stops the rebuild and waits until it no longer reads the store, which may then be wiped or closed. */
  void cancel() {
    thread.interrupt();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
