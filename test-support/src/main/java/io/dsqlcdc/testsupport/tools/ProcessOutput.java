package io.dsqlcdc.testsupport.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** One output stream of a child process, read line by line on a thread of its own as the process prints. */
public final class ProcessOutput {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  public ProcessOutput(InputStream stream, String threadName) {
    reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("(output unreadable: " + e.getMessage() + ")");
      }
    }, threadName);
    reader.setDaemon(true);
    reader.start();
  }

  /** The lines printed so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String text() {
    return String.join("\n", lines);
  }

  /** Waits (up to 10 s) for the stream's end, once the process has exited. */
  public void join() throws InterruptedException {
    reader.join(TimeUnit.SECONDS.toMillis(10));
  }
}
