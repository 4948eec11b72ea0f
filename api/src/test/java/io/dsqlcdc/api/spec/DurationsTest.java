package io.dsqlcdc.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesEachUnit() {
    assertThat(Durations.parse("200ms")).isEqualTo(Duration.ofMillis(200));
    assertThat(Durations.parse("1s")).isEqualTo(Duration.ofSeconds(1));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void parsesCompoundDurations() {
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1m500ms")).isEqualTo(Duration.ofMillis(60_500));
  }

  @Test
  void rejectsTextWithoutAUnitNamingTheExpectedForm() {
    assertThatThrownBy(() -> Durations.parse("30")).hasMessageContaining("'30' is not a duration such as 200ms");
    assertThatThrownBy(() -> Durations.parse("PT5S")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsTheShortestForm() {
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(1200))).isEqualTo("1s200ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void formatAndParseRoundTrip() {
    Duration d = Duration.ofHours(1).plusMinutes(2).plusSeconds(3).plusMillis(4);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }
}
