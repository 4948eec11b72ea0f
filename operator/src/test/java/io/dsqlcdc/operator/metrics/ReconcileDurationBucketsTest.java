package io.dsqlcdc.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconcileDurationBucketsTest {
  private static long buckets(PrometheusMeterRegistry registry, String name) {
    return registry.scrape().lines().filter(l -> l.startsWith(name + "_seconds_bucket")).count();
  }

  @Test
  void theReconcileTimerOfEachPipelineHasSevenBucketsInsteadOfAFullHistogram() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new ReconcileDurationBuckets());
    Timer.builder(ReconcileDurationBuckets.RECONCILE_TIMER).publishPercentileHistogram().register(registry)
        .record(Duration.ofMillis(30));
    Timer.builder("other.timer").publishPercentileHistogram().register(registry).record(Duration.ofMillis(30));

    assertThat(buckets(registry, "operator_sdk_controllers_execution_reconcile")).isEqualTo(7);
    assertThat(registry.scrape()).contains("operator_sdk_controllers_execution_reconcile_seconds_bucket{le=\"0.1\"} 1");
    assertThat(buckets(registry, "other_timer")).as("other timers keep their histogram").isGreaterThan(7);
  }
}
