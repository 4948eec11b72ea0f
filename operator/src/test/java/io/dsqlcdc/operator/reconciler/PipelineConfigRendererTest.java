package io.dsqlcdc.operator.reconciler;

import static io.dsqlcdc.operator.TestPipelines.pipeline;
import static io.dsqlcdc.operator.TestPipelines.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.SinkSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PipelineConfigRendererTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void rendersApiVersionKindNameNamespaceAndSpec() throws Exception {
    String text = PipelineConfigRenderer.render(pipeline("orders"));
    JsonNode doc = YAML.readTree(text);
    assertThat(doc.get("apiVersion").asText()).isEqualTo("dsqlcdc.io/v1alpha1");
    assertThat(doc.get("kind").asText()).isEqualTo("DsqlCdcPipeline");
    assertThat(doc.at("/metadata/name").asText()).isEqualTo("orders");
    assertThat(doc.at("/metadata/namespace").asText()).isEqualTo("test");
    assertThat(YAML.treeToValue(doc.get("spec"), DsqlCdcPipelineSpec.class)).isEqualTo(spec());
  }

  @Test
  void namesSecretsOnlyByReference() throws Exception {
    JsonNode auth = YAML.readTree(PipelineConfigRenderer.render(pipeline("orders"))).at("/spec/sink/authentication");
    assertThat(auth.get("usernameSecret").get("name").asText()).isEqualTo("confluent");
    assertThat(auth.get("usernameSecret").get("key").asText()).isEqualTo("api-key");
    assertThat(auth.get("usernameSecret").size()).isEqualTo(2);
  }

  @Test
  void keepsStringsThatLookLikeOtherTypesStrings() throws Exception {
    DsqlCdcPipelineSpec s = spec();
    DsqlCdcPipelineSpec nonce = new DsqlCdcPipelineSpec(s.state(), s.source(), s.tables(), s.capture(), s.sink(),
        s.runtime(), "true", null);
    String text = PipelineConfigRenderer.render(pipeline("orders", withProducer(Map.of("linger.ms", "5"))));
    assertThat(text).contains("linger.ms: \"5\"");
    JsonNode doc = YAML.readTree(PipelineConfigRenderer.render(pipeline("orders", nonce)));
    assertThat(doc.at("/spec/restartNonce").isTextual()).isTrue();
  }

  @Test
  void rendersTheSameTextWhateverTheOrderOfMapEntries() {
    Map<String, String> ascending = new TreeMap<>(Map.of("a.x", "1", "b.y", "2", "c.z", "3"));
    Map<String, String> descending = new LinkedHashMap<>();
    ascending.keySet().stream().sorted(java.util.Comparator.reverseOrder())
        .forEach(k -> descending.put(k, ascending.get(k)));
    assertThat(PipelineConfigRenderer.render(pipeline("orders", withProducer(descending))))
        .isEqualTo(PipelineConfigRenderer.render(pipeline("orders", withProducer(ascending))));
  }

  private static DsqlCdcPipelineSpec withProducer(Map<String, String> producer) {
    DsqlCdcPipelineSpec s = spec();
    SinkSpec k = s.sink();
    return new DsqlCdcPipelineSpec(s.state(), s.source(), s.tables(), s.capture(),
        new SinkSpec(k.bootstrapServers(), k.topicPrefix(), k.authentication(), k.tls(), k.format(), k.topics(), producer),
        s.runtime(), null, null);
  }
}
