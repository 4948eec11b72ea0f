package io.dsqlcdc.capture.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsqlcdc.api.spec.SourceAuthType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static final String SPEC = """
      source:
        endpoints: [localhost]
        port: ${env:PG_PORT}
        user: capture
        auth: {type: password, passwordSecret: {name: pg, key: password}}
        tls: {mode: disable}
      tables:
        - {name: public.orders, cursor: updated_at}
      sink:
        bootstrapServers: localhost:9092
        topicPrefix: shop
      """;

  private final Map<String, String> env = new HashMap<>(Map.of("PG_PORT", "6543", "SECRET_PG_PASSWORD", "s3cret"));
  private final ConfigLoader loader = new ConfigLoader(env::get);

  @Test
  void bareSpecTakesItsIdentityFromTheTopicPrefix() {
    PipelineConfig config = loader.parse(SPEC);
    assertThat(config.identity().display()).isEqualTo("shop");
    assertThat(config.identity().transactionalId()).isEqualTo("dsqlcdc-shop");
    assertThat(config.spec().source().port()).isEqualTo(6543);
    assertThat(config.spec().source().auth().type()).isEqualTo(SourceAuthType.PASSWORD);
    assertThat(config.secrets().value(config.spec().source().auth().passwordSecret())).isEqualTo("s3cret");
  }

  @Test
  void resourceTakesItsIdentityFromMetadata() {
    String resource = "apiVersion: dsqlcdc.io/v1alpha1\nkind: DsqlCdcPipeline\nmetadata: {name: orders, namespace: cdc}\nspec:\n"
        + SPEC.indent(2);
    PipelineConfig config = loader.parse(resource);
    assertThat(config.identity().display()).isEqualTo("cdc/orders");
    assertThat(config.identity().offsetsTopic()).isEqualTo("__dsqlcdc-offsets.cdc.orders");
  }

  @Test
  void unknownFieldIsNamedWithItsPath() {
    assertThatThrownBy(() -> loader.parse(SPEC.replace("user: capture", "user: capture\n  colour: blue")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("spec.source.colour"));
  }

  @Test
  void malformedYamlIsReported() {
    assertThatThrownBy(() -> loader.parse("source: [unclosed\n  tables: {"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("malformed YAML");
  }

  @Test
  void validatorViolationNamesTheField() {
    assertThatThrownBy(() -> loader.parse(SPEC.replace("cursor: updated_at", "cursor: 1bad")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("spec.tables[0].cursor"));
  }

  @Test
  void missingSecretEnvironmentVariableNamesTheFieldAndVariable() {
    env.remove("SECRET_PG_PASSWORD");
    assertThatThrownBy(() -> loader.parse(SPEC))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spec.source.auth.passwordSecret")
        .hasMessageContaining("SECRET_PG_PASSWORD");
  }

  @Test
  void missingSubstitutionVariableIsReported() {
    env.remove("PG_PORT");
    assertThatThrownBy(() -> loader.parse(SPEC))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.port").hasMessageContaining("PG_PORT");
  }

  @Test
  void secretsAreNotPrinted() {
    assertThat(loader.parse(SPEC).secrets().toString()).doesNotContain("s3cret");
  }
}
