package io.dsqlcdc.testsupport.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SharedPostgresTest {
  @RegisterExtension
  static final PostgresExtension pg = PostgresExtension.shared();

  @Test
  void sharedServerAnswersQueries() {
    assertThat(pg.queryForLong("SELECT 42")).isEqualTo(42);
  }

  @Test
  void sharedIsOneInstancePerJvm() {
    assertThat(PostgresExtension.shared()).isSameAs(pg);
  }
}
