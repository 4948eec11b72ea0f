package io.dsqlcdc.capture.pipeline;

import static io.dsqlcdc.capture.pipeline.StreamModeFixture.assertOrderedPerKeyWithoutDuplicates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsqlcdc.capture.cli.ExitCodes;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.kinesis.DsqlStreamSimulator;
import io.dsqlcdc.testsupport.kinesis.KinesisLocal;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream mode with the runtime as a child process: killed with SIGKILL mid-stream, or fenced by a second runtime of
 * the same pipeline, it neither loses nor repeats a committed version.
 */
class StreamCrashTest {
  @RegisterExtension
  static PostgresExtension pg = PostgresExtension.shared();
  @RegisterExtension
  static KafkaExtension kafka = KafkaExtension.inProcess();
  @RegisterExtension
  static KinesisLocal kinesis = KinesisLocal.perClass();

  private final StreamModeFixture stream = new StreamModeFixture(pg, kafka, kinesis);

  @TempDir
  Path dir;

  /** Rounds of 20 changes over 200 keys, written by one thread until closed. */
  private RoundLoad load(DsqlStreamSimulator dsql, String table) {
    return RoundLoad.pausing(Duration.ofMillis(50), n -> stream.randomChanges(dsql, table, 20, 200, n));
  }

  /** Waits until the runtime committed {@code events} events (while it relays: its transactions stay short). */
  private static void awaitCaptured(RuntimeProcess runtime, long events) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
      JsonNode status = runtime.status();
      return status != null && status.at("/tables/0/rowsCaptured").asLong(0) >= events;
    });
  }

  /** Every committed version once, in commit order per key, and the rows the topic rebuilds equal the table's. */
  private void assertExactlyOnce(DsqlStreamSimulator dsql, String topic, String table) {
    List<ConsumerRecord<String, String>> records = stream.awaitTableState(topic, table);
    assertOrderedPerKeyWithoutDuplicates(records);
    assertThat(records.stream().filter(r -> r.value() != null).count()).as("one event per committed version")
        .isEqualTo(dsql.counters().changes());
  }

  @Test
  void killedMidStreamTheRuntimeResumesWithItsStateKeptOrLostWithoutGapsOrDuplicates() throws Exception {
    pg.execute("CREATE TABLE stream_killed (id int PRIMARY KEY, v text)");
    kinesis.createStream("stream_killed", 2);
    String topic = "kill.public.stream_killed";
    Path config = Files.writeString(dir.resolve("pipeline.yaml"),
        stream.yaml("kill", "stream_killed", "stream_killed", "{snapshot: never}"));
    Path log = dir.resolve("runtime.log");
    Path kept = dir.resolve("state");
    try (DsqlStreamSimulator dsql = stream.simulator("stream_killed").duplicateFraction(0.1)
        .maxDelay(Duration.ofMillis(500)).seed(13).build()) {
      try (RoundLoad load = load(dsql, "stream_killed")) {
        for (int kill = 0; kill < 2; kill++) {
          try (RuntimeProcess runtime = RuntimeProcess.start(config, kept, stream.env(), log)) {
            awaitCaptured(runtime, 100);
            runtime.kill();
          }
        }
        // the last runs on a new disk: its key states come from the changelog alone
        try (RuntimeProcess last = RuntimeProcess.start(config, dir.resolve("new-disk"), stream.env(), log)) {
          awaitCaptured(last, 100);
          assertThat(last.status().at("/tables/0/stateStore/restoredFrom").asText()).isEqualTo("changelog");
          load.close();
          assertExactlyOnce(dsql, topic, "stream_killed");
          assertThat(last.terminate()).as("exit code after SIGTERM").isZero();
        }
      }
    }
  }

  @Test
  void aSecondRuntimeWithTheSameIdentityFencesTheFirstAndEveryVersionStillComesOutOnce() throws Exception {
    pg.execute("CREATE TABLE haunted (id int PRIMARY KEY, v text)");
    kinesis.createStream("haunted", 2);
    String topic = "zombie.public.haunted";
    Path config = Files.writeString(dir.resolve("pipeline.yaml"),
        stream.yaml("zombie", "haunted", "haunted", "{snapshot: never}"));
    Path zombieLog = dir.resolve("zombie.log");
    try (DsqlStreamSimulator dsql = stream.simulator("haunted").duplicateFraction(0.1)
        .maxDelay(Duration.ofMillis(500)).seed(14).build();
         RoundLoad load = load(dsql, "haunted");
         RuntimeProcess zombie = RuntimeProcess.start(config, dir.resolve("zombie"), stream.env(), zombieLog)) {
      awaitCaptured(zombie, 100);
      // the same pipeline on another disk, as a replacement pod while the old one still runs
      try (RuntimeProcess successor = RuntimeProcess.start(config, dir.resolve("successor"), stream.env(),
          dir.resolve("successor.log"))) {
        await().atMost(Duration.ofSeconds(120)).until(() -> !zombie.isAlive());
        assertThat(zombie.terminate()).as("the zombie's exit code").isEqualTo(ExitCodes.FENCED);
        assertThat(Files.readString(zombieLog)).contains("fenced: another capture runtime");
        awaitCaptured(successor, 100);
        load.close();
        assertExactlyOnce(dsql, topic, "haunted");
        assertThat(successor.terminate()).as("exit code after SIGTERM").isZero();
      }
    }
  }
}
