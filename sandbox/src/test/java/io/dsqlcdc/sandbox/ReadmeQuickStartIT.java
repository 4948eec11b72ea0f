package io.dsqlcdc.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsqlcdc.testsupport.tools.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start as written: its sandbox command (the jar part; the build has just packaged it), the
 * kubeconfig line the sandbox prints, then every kubectl command of its "kubectl against the sandbox" block, in
 * order, each of which must succeed.
 */
class ReadmeQuickStartIT {
  static final String JAR_COMMAND = "java -jar sandbox/target/sandbox.jar";

  @Test
  void theReadmesSandboxAndKubectlCommandsWorkAsWritten() throws Exception {
    String readme = Files.readString(SandboxJar.REPOSITORY.resolve("README.md"));
    String start = codeBlockAfter(readme, "## Quick start: the sandbox").get(0);
    assertThat(start).contains(JAR_COMMAND);
    String[] jarArgs = start.substring(start.indexOf(JAR_COMMAND) + JAR_COMMAND.length()).strip().split("\\s+");
    List<String> commands = codeBlockAfter(readme, "### kubectl against the sandbox");
    assertThat(commands).hasSizeGreaterThanOrEqualTo(5).allMatch(c -> c.startsWith("kubectl "));

    try (SandboxJar sandbox = SandboxJar.start(Arrays.stream(jarArgs).filter(a -> !a.isEmpty()).toArray(String[]::new))) {
      String export = sandbox.startUpBlock().stream().filter(l -> l.strip().startsWith("export KUBECONFIG="))
          .findFirst().orElseThrow().strip();
      Kubectl kubectl = new Kubectl(Path.of(export.substring("export KUBECONFIG=".length())), SandboxJar.REPOSITORY);
      for (String command : commands) {
        String[] args = words(command.substring("kubectl ".length()));
        if (command.contains(" -w")) {
          try (Kubectl.Running watch = kubectl.background(args)) {
            await().atMost(Duration.ofMinutes(2)).until(() -> watch.lines().stream().anyMatch(l -> l.startsWith("demo ")));
          }
        } else {
          Kubectl.Result result = kubectl.run(args);
          assertThat(result.exitCode()).as(command + "\n" + result).isZero();
        }
      }
    }
  }

  /** The lines of the first fenced code block after {@code heading}, comments and blank lines dropped. */
  static List<String> codeBlockAfter(String markdown, String heading) {
    int at = markdown.indexOf("```", markdown.indexOf(heading));
    String block = markdown.substring(markdown.indexOf('\n', at) + 1, markdown.indexOf("```", at + 3));
    List<String> lines = new ArrayList<>();
    for (String line : block.split("\n")) {
      String command = line.replaceFirst("\\s+#.*$", "").strip();
      if (!command.isEmpty()) {
        lines.add(command);
      }
    }
    return lines;
  }

  /** A command line split as a POSIX shell splits it, for the single quotes the README uses. */
  static String[] words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == ' ' && !quoted) {
        if (word.length() > 0) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words.toArray(String[]::new);
  }
}
