package io.dsqlcdc.capture.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaptureMetricsTest {
  private static final String TABLE = "table=\"public.orders\"";

  @Test
  void everySeriesOfAConfiguredTableIsThereAtZeroBeforeTheFirstEvent() {
    try (CaptureMetrics metrics = new CaptureMetrics("cdc/orders")) {
      metrics.table("public.orders", () -> false, () -> true);
      String scrape = metrics.scrape();
      for (String op : CaptureMetrics.OPS) {
        assertThat(scrape)
            .contains("dsqlcdc_events_total{op=\"" + op + "\",pipeline=\"cdc/orders\"," + TABLE + "} 0.0");
      }
      for (String query : CaptureMetrics.READ_QUERIES) {
        assertThat(scrape).contains("dsqlcdc_rows_read_total{pipeline=\"cdc/orders\",query=\"" + query + "\"," + TABLE
            + "} 0.0");
      }
      for (String phase : CaptureMetrics.POLL_PHASES) {
        assertThat(scrape).contains("dsqlcdc_poll_duration_seconds_count{phase=\"" + phase
            + "\",pipeline=\"cdc/orders\"," + TABLE + "} 0");
      }
      assertThat(scrape)
          .contains("dsqlcdc_lag_seconds{pipeline=\"cdc/orders\"," + TABLE + "} 0.0")
          .contains("dsqlcdc_errors_total{pipeline=\"cdc/orders\"," + TABLE + "} 0.0")
          .contains("dsqlcdc_rows_emitted_total{pipeline=\"cdc/orders\"," + TABLE + "} 0.0")
          .contains("dsqlcdc_table_failing{pipeline=\"cdc/orders\"," + TABLE + "} 0.0")
          .contains("dsqlcdc_table_snapshotting{pipeline=\"cdc/orders\"," + TABLE + "} 1.0")
          .contains("dsqlcdc_transactions_total{outcome=\"commit\",pipeline=\"cdc/orders\"} 0.0")
          .contains("dsqlcdc_transactions_total{outcome=\"abort\",pipeline=\"cdc/orders\"} 0.0");
    }
  }

  @Test
  void theJvmAndProcessSeriesAreThere() {
    try (CaptureMetrics metrics = new CaptureMetrics("cdc/orders")) {
      assertThat(metrics.scrape()).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads{",
          "jvm_classes_loaded_classes{", "process_cpu_usage{", "process_uptime_seconds{", "process_start_time_seconds{",
          "process_files_open_files{");
    }
  }

  @Test
  void aRecordedEventCountsOnTheSeriesThatWasThereAtZero() {
    try (CaptureMetrics metrics = new CaptureMetrics()) {
      metrics.table("public.orders", () -> false, () -> false);
      metrics.events("public.orders", "c", 3);
      metrics.lag("public.orders", Duration.ofMillis(1500));
      assertThat(metrics.count("dsqlcdc.events", "op", "c")).isEqualTo(3.0);
      assertThat(metrics.scrape()).contains("dsqlcdc_lag_seconds{" + TABLE + "} 1.5");
    }
  }

  @Test
  void theStreamVisibilityDelayGaugeShowsTheLatestDelay() {
    try (CaptureMetrics metrics = new CaptureMetrics("cdc/orders")) {
      metrics.streamVisibilityDelay(Duration.ofSeconds(1));
      metrics.streamVisibilityDelay(Duration.ofMillis(4500));
      assertThat(metrics.scrape())
          .contains("dsqlcdc_stream_visibility_delay_seconds{pipeline=\"cdc/orders\"} 4.5");
    }
  }

  @Test
  void pollModeHasNoStreamVisibilityDelaySeries() {
    try (CaptureMetrics metrics = new CaptureMetrics("cdc/orders")) {
      metrics.table("public.orders", () -> false, () -> false);
      assertThat(metrics.scrape()).doesNotContain("dsqlcdc_stream_visibility_delay_seconds");
    }
  }

  @Test
  void theStreamCheckpointAgeAndRetentionGaugesShowSecondsForTheAlertsRatio() {
    try (CaptureMetrics metrics = new CaptureMetrics("cdc/orders")) {
      metrics.streamCheckpointAge(Duration.ofMinutes(90));
      metrics.streamRetention(Duration.ofHours(24));
      assertThat(metrics.scrape())
          .contains("dsqlcdc_stream_checkpoint_age_seconds{pipeline=\"cdc/orders\"} 5400.0")
          .contains("dsqlcdc_stream_retention_seconds{pipeline=\"cdc/orders\"} 86400.0");
    }
  }
}
