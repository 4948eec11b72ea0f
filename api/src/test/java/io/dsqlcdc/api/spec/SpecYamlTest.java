package io.dsqlcdc.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dsqlcdc.api.DsqlCdcPipeline;
import org.junit.jupiter.api.Test;

class SpecYamlTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static final String SEED = """
      apiVersion: dsqlcdc.io/v1alpha1
      kind: DsqlCdcPipeline
      metadata: {name: car-entities, namespace: cdc}
      spec:
        source:
          endpoints: [vftmkydwxvxys6asbsc6ih2the.dsql-fnh4.us-east-1.on.aws]
          user: dsql_iam_user
          auth: {roleArn: "arn:aws:iam::978300727880:role/producer-api-bastion-role"}
        tables:
          - {name: public.event_headers, cursor: created_at}
        sink:
          bootstrapServers: pkc-oxqxx9.us-east-1.aws.confluent.cloud:9092
          topicPrefix: dsql-cdc
          authentication:
            type: plain
            usernameSecret: {name: confluent, key: api-key}
            passwordSecret: {name: confluent, key: api-secret}
          tls: {enabled: true}
      """;

  @Test
  void omittedFieldsTakeTheDocumentedDefaults() throws Exception {
    DsqlCdcPipelineSpec spec = YAML.readValue(SEED, DsqlCdcPipeline.class).getSpec();
    assertThat(spec.state()).isEqualTo(PipelineState.RUNNING);
    assertThat(spec.source().port()).isEqualTo(5432);
    assertThat(spec.source().database()).isEqualTo("postgres");
    assertThat(spec.source().auth().type()).isEqualTo(SourceAuthType.IAM);
    assertThat(spec.source().tls().mode()).isEqualTo(SourceTlsMode.VERIFY_FULL);
    assertThat(spec.source().pool()).isEqualTo(new PoolSpec(10, 1, "30s", "55m"));
    assertThat(spec.capture()).isEqualTo(new CaptureSpec("1s", "10s", 1000, "300s", SnapshotMode.INITIAL, 4));
    assertThat(spec.sink().format()).isEqualTo(new FormatSpec(false, DecimalHandling.STRING, true));
  }

  @Test
  void enumsReadAndWriteTheirLowerCaseNames() throws Exception {
    DsqlCdcPipelineSpec spec = YAML.readValue(SEED, DsqlCdcPipeline.class).getSpec();
    String written = YAML.writeValueAsString(spec);
    assertThat(written).contains("type: \"plain\"").contains("mode: \"verify-full\"").contains("state: \"running\"");
  }

  @Test
  void specRoundTripsThroughYaml() throws Exception {
    DsqlCdcPipelineSpec spec = YAML.readValue(SEED, DsqlCdcPipeline.class).getSpec();
    assertThat(YAML.readValue(YAML.writeValueAsString(spec), DsqlCdcPipelineSpec.class)).isEqualTo(spec);
  }

  @Test
  void tableNamesWithoutASchemaAreInPublic() {
    TableSpec table = new TableSpec("event_headers", "created_at");
    assertThat(table.schema()).isEqualTo("public");
    assertThat(table.qualifiedName()).isEqualTo("public.event_headers");
    assertThat(new TableSpec("sales.orders", "updated_at").table()).isEqualTo("orders");
  }
}
