package io.dsqlcdc.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime writes status.stream as JSON in /status and the operator reads it back into the resource. */
class ChangeStreamStatusTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theDsqlStreamsStatusSurvivesTheRuntimesJson() throws Exception {
    ChangeStreamStatus status = new ChangeStreamStatus("arn:aws:kinesis:us-east-1:123456789012:stream/s",
        TableReasons.CHANGE_STREAM_FAILED, "failed", 0, List.of(), new ChangeStreamStatus.DsqlStream(
            "arn:aws:dsql:us-east-1:123456789012:cluster/vftmkydwxvxys6asbsc6ih2the/stream/abcdefghijklmnopqrstuvwxyz",
            "FAILED", "KINESIS_STREAM_NOT_FOUND", "arn:aws:kinesis:us-east-1:123456789012:stream/s",
            "2026-12-06T21:00:00Z"));
    assertThat(JSON.readValue(JSON.writeValueAsString(status), ChangeStreamStatus.class)).isEqualTo(status);
  }

  @Test
  void aStatusWithoutTheDsqlStreamHasNoSuchField() throws Exception {
    ChangeStreamStatus status = new ChangeStreamStatus("arn:aws:kinesis:us-east-1:123456789012:stream/s", null, null,
        0, List.of());
    assertThat(JSON.writeValueAsString(status)).doesNotContain("dsqlStream");
    assertThat(JSON.readValue(JSON.writeValueAsString(status), ChangeStreamStatus.class)).isEqualTo(status);
  }
}
