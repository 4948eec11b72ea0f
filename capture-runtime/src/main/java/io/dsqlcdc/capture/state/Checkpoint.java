package io.dsqlcdc.capture.state;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How far into the changelog the local store is known to be: the changelog topic's id (a topic deleted and created
 * again has a new one) and, per partition, the next offset to read. Written after the store was synced, so the store
 * holds at least what it claims; a restore re-applies the changelog from here, which is harmless for what the store
 * already held, since each record is a key's whole new state.
 */
public record Checkpoint(String topicId, Map<Integer, Long> positions) {
  static final String FILE = "changelog.checkpoint";

  public Checkpoint {
    positions = Map.copyOf(positions);
  }

  static Optional<Checkpoint> read(Path dir) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve(FILE), StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the state checkpoint in " + dir, e);
    }
    String topicId = p.getProperty("topicId");
    Map<Integer, Long> positions = new TreeMap<>();
    try {
      for (String name : p.stringPropertyNames()) {
        if (name.startsWith("partition.")) {
          positions.put(Integer.parseInt(name.substring("partition.".length())), Long.parseLong(p.getProperty(name)));
        }
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return topicId == null ? Optional.empty() : Optional.of(new Checkpoint(topicId, positions));
  }

  /** Replaces the file atomically: a crash leaves the old checkpoint or the new one, never half of one. */
  void write(Path dir) {
    Path tmp = dir.resolve(FILE + ".tmp");
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write("topicId=" + topicId + "\n");
        for (Map.Entry<Integer, Long> e : new TreeMap<>(positions).entrySet()) {
          w.write("partition." + e.getKey() + "=" + e.getValue() + "\n");
        }
      }
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        c.force(true);
      }
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the state checkpoint in " + dir, e);
    }
  }

  static void delete(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the state checkpoint in " + dir, e);
    }
  }
}
