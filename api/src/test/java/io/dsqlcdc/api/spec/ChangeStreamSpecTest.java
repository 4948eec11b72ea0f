package io.dsqlcdc.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChangeStreamSpecTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String ARN = "arn:aws:kinesis:eu-west-1:123456789012:stream/orders-cdc";

  @Test
  void omittedFieldsTakeTheDocumentedDefaults() throws Exception {
    ChangeStreamSpec spec = YAML.readValue("{kinesisStreamArn: '" + ARN + "'}", ChangeStreamSpec.class);
    assertThat(spec).isEqualTo(new ChangeStreamSpec(ARN, "eu-west-1", null, StartPosition.LATEST, "2s", "60s", null, null));
    assertThat(spec.graceWindowDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(spec.fragmentTimeoutDuration()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void theRegionDefaultsToTheArnsAndAGivenOneWins() {
    assertThat(ChangeStreamSpec.of(ARN).region()).isEqualTo("eu-west-1");
    assertThat(new ChangeStreamSpec(ARN, "us-east-1", null, null, null, null, null, null).region()).isEqualTo("us-east-1");
    assertThat(ChangeStreamSpec.regionOf("arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s")).contains("cn-north-1");
    assertThat(ChangeStreamSpec.regionOf("orders-cdc")).isEmpty();
  }

  @Test
  void theStreamNameIsTheArnsResource() {
    assertThat(ChangeStreamSpec.of(ARN).streamName()).isEqualTo("orders-cdc");
  }

  @Test
  void startPositionsReadTheirCamelCaseNames() throws Exception {
    assertThat(YAML.readValue("{kinesisStreamArn: '" + ARN + "', startPosition: trimHorizon}", ChangeStreamSpec.class)
        .startPosition()).isEqualTo(StartPosition.TRIM_HORIZON);
  }

  @Test
  void aSourceIsInStreamModeOnlyWithAChangeStream() {
    SourceSpec poll = new SourceSpec(java.util.List.of("localhost"), "us-east-1", null, null, "u", null, null, null);
    assertThat(poll.streamMode()).isFalse();
    assertThat(new SourceSpec(poll.endpoints(), poll.region(), null, null, "u", null, null, null,
        ChangeStreamSpec.of(ARN)).streamMode()).isTrue();
  }
}
