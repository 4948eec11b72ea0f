package io.dsqlcdc.testsupport.promql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.testsupport.promql.PromqlParser.Parsed;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromqlParserTest {
  private static final PromqlParser PARSER = PromqlParser.installed();

  private static Parsed parse(String expression) {
    return PARSER.parse(List.of(expression)).get(0);
  }

  @Test
  void namesTheMetricsOfEverySelectorButNotFunctionsOrLabels() {
    Parsed parsed = parse("sum by (table) (rate(dsqlcdc_events_total{op=\"c\"}[5m])) / on(pipeline) group_left"
        + " max(dsqlcdc_lag_seconds) and absent(up{job=\"x\"} == 1) or {__name__=\"process_cpu_usage\"}");
    assertThat(parsed.errors()).isEmpty();
    assertThat(parsed.metrics())
        .containsExactly("dsqlcdc_events_total", "dsqlcdc_lag_seconds", "process_cpu_usage", "up");
  }

  @Test
  void reportsWhereAnExpressionIsBroken() {
    assertThat(parse("rate(dsqlcdc_events_total{op=\"c\"[5m])").errors()).isNotEmpty();
    assertThat(parse("sum(rate(x[5m]) by (le)").errors()).isNotEmpty();
  }

  @Test
  void keepsTheOrderOfTheExpressions() {
    assertThat(PARSER.parse(List.of("a", "b > 1", "c")).stream().map(Parsed::metrics).toList())
        .containsExactly(Set.of("a"), Set.of("b"), Set.of("c"));
  }
}
