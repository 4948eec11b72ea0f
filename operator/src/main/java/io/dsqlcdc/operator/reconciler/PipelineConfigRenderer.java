package io.dsqlcdc.operator.reconciler;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.dsqlcdc.api.DsqlCdcPipeline;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime's config file: the resource's apiVersion, kind, name, namespace and spec as YAML. Secrets appear only
 * as {name, key} references (the spec holds nothing else); the runtime reads their values from the environment.
 */
public final class PipelineConfigRenderer {
  // sorted map keys keep the text, and so the config hash, stable across operator restarts
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private PipelineConfigRenderer() {
  }

  public static String render(DsqlCdcPipeline p) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", DsqlCdcPipeline.API_VERSION);
    doc.put("kind", p.getKind());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", p.getMetadata().getName());
    metadata.put("namespace", p.getMetadata().getNamespace());
    doc.put("metadata", metadata);
    doc.put("spec", p.getSpec());
    try {
      return YAML.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the spec of " + p.getMetadata().getName(), e);
    }
  }
}
