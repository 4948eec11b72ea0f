package io.dsqlcdc.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixtureTest {
  /** Acquires a directory, then fails or succeeds as told. */
  private static final class DirectoryFixture extends Fixture {
    private final Path parent;
    private final boolean failAfterAcquiring;
    Path dir;

    DirectoryFixture(Path parent, boolean failAfterAcquiring) {
      super(false);
      this.parent = parent;
      this.failAfterAcquiring = failAfterAcquiring;
    }

    @Override
    protected void startFixture() throws IOException {
      dir = Files.createDirectories(parent.resolve("work/nested"));
      Files.writeString(dir.resolve("file"), "x");
      if (failAfterAcquiring) {
        throw new IOException("start failed");
      }
    }

    @Override
    protected void stopFixture() {
      deleteRecursively(parent.resolve("work"));
    }
  }

  @Test
  void failedStartReleasesWhatWasAcquired(@TempDir Path parent) {
    DirectoryFixture fixture = new DirectoryFixture(parent, true);

    assertThatThrownBy(fixture::start).hasRootCauseMessage("start failed");

    assertThat(fixture.isRunning()).isFalse();
    assertThat(parent.resolve("work")).doesNotExist();
  }

  @Test
  void closeReleasesAndStartIsIdempotent(@TempDir Path parent) {
    DirectoryFixture fixture = new DirectoryFixture(parent, false);
    fixture.start();
    fixture.start();
    assertThat(fixture.dir.resolve("file")).exists();

    fixture.close();

    assertThat(fixture.isRunning()).isFalse();
    assertThat(parent.resolve("work")).doesNotExist();
  }
}
