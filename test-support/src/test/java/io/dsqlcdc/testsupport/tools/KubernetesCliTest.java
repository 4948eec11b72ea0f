package io.dsqlcdc.testsupport.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KubernetesCliTest {

  @Test
  void kubectlIsTheRealClientAtThePinnedVersion() throws Exception {
    assertThat(versionOutput(List.of(KubernetesCli.kubectl().toString(), "version", "--client")))
        .contains("Client Version: v1.35.2");
  }

  @Test
  void helmIsTheRealClientAtThePinnedVersion() throws Exception {
    assertThat(versionOutput(List.of(KubernetesCli.helm().toString(), "version", "--short")))
        .startsWith("v4.1.4");
  }

  @Test
  void aSecondLookupReusesTheInstalledBinary() {
    Path first = KubernetesCli.kubectl();
    assertThat(KubernetesCli.kubectl()).isEqualTo(first).isExecutable();
  }

  private static String versionOutput(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output.strip();
  }
}
