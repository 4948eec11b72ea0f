package io.dsqlcdc.capture.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.KafkaAuthType;
import io.dsqlcdc.api.spec.KafkaAuthentication;
import io.dsqlcdc.api.spec.SecretKeyRef;
import io.dsqlcdc.api.spec.SourceAuthType;
import io.dsqlcdc.api.validation.SpecValidator;
import io.dsqlcdc.api.validation.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a config file holding a DsqlCdcPipeline resource or just its spec, substitutes {@code ${env:NAME}},
 * validates it with {@link SpecValidator} and resolves every secret reference from the environment.
 */
public final class ConfigLoader {
  private static final Set<String> RESOURCE_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "status");

  private final ObjectMapper yaml = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private final Function<String, String> env;

  public ConfigLoader(Function<String, String> env) {
    this.env = env;
  }

  public static ConfigLoader fromSystemEnvironment() {
    return new ConfigLoader(System::getenv);
  }

  public PipelineConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("--config", "file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
    }
    return parse(text);
  }

  public PipelineConfig parse(String text) {
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException("config", "malformed YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")"));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException("config", "must be a YAML mapping: a DsqlCdcPipeline resource or its spec");
    }
    substitute(root, "");
    boolean resource = root.has("spec");
    JsonNode specNode = resource ? root.get("spec") : root;
    String namespace = null;
    String name = null;
    if (resource) {
      checkResourceFields(root);
      JsonNode metadata = root.path("metadata");
      namespace = metadata.path("namespace").asText(null);
      name = metadata.path("name").asText(null);
    }
    DsqlCdcPipelineSpec spec = bind(specNode);
    List<Violation> violations = SpecValidator.validate(spec);
    if (!violations.isEmpty()) {
      Violation first = violations.get(0);
      String all = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
      throw new ConfigException(first.field(), violations.size() == 1 ? first.reason() : first.reason() + " (all: " + all + ")");
    }
    PipelineIdentity identity = PipelineIdentity.of(namespace, name, spec.sink().topicPrefix());
    return new PipelineConfig(identity, spec, resolveSecrets(spec));
  }

  private void checkResourceFields(JsonNode root) {
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!RESOURCE_FIELDS.contains(f)) {
        throw new ConfigException(f, "unknown field; a resource has apiVersion, kind, metadata and spec");
      }
    }
    String kind = root.path("kind").asText(null);
    if (kind != null && !kind.equals("DsqlCdcPipeline")) {
      throw new ConfigException("kind", "'" + kind + "' is not DsqlCdcPipeline");
    }
    String apiVersion = root.path("apiVersion").asText(null);
    if (apiVersion != null && !apiVersion.equals(DsqlCdcPipeline.API_VERSION)) {
      throw new ConfigException("apiVersion", "'" + apiVersion + "' is not " + DsqlCdcPipeline.API_VERSION);
    }
  }

  private DsqlCdcPipelineSpec bind(JsonNode specNode) {
    try {
      return yaml.treeToValue(specNode, DsqlCdcPipelineSpec.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(path(e) , "unknown field");
    } catch (JsonMappingException e) {
      throw new ConfigException(path(e), e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new ConfigException("spec", e.getOriginalMessage());
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder("spec");
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        out.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private void substitute(JsonNode node, String path) {
    EnvSubstitution substitution = new EnvSubstitution(env);
    if (node.isObject()) {
      ObjectNode obj = (ObjectNode) node;
      for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String field = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (e.getValue().isTextual()) {
          e.setValue(TextNode.valueOf(substitution.apply(field, e.getValue().asText())));
        } else {
          substitute(e.getValue(), field);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode child = node.get(i);
        String field = path + "[" + i + "]";
        if (child.isTextual()) {
          ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, TextNode.valueOf(substitution.apply(field, child.asText())));
        } else {
          substitute(child, field);
        }
      }
    }
  }

  private Secrets resolveSecrets(DsqlCdcPipelineSpec spec) {
    Map<String, SecretKeyRef> refs = new LinkedHashMap<>();
    if (spec.source().auth().type() == SourceAuthType.PASSWORD) {
      refs.put("spec.source.auth.passwordSecret", spec.source().auth().passwordSecret());
    }
    KafkaAuthentication auth = spec.sink().authentication();
    if (auth.type().usesPasswordSecrets()) {
      refs.put("spec.sink.authentication.usernameSecret", auth.usernameSecret());
      refs.put("spec.sink.authentication.passwordSecret", auth.passwordSecret());
    }
    if (auth.type() == KafkaAuthType.MTLS) {
      refs.put("spec.sink.authentication.certificateSecret", auth.certificateSecret());
      refs.put("spec.sink.authentication.keySecret", auth.keySecret());
    }
    if (spec.sink().tls().enabled() && spec.sink().tls().caSecret() != null) {
      refs.put("spec.sink.tls.caSecret", spec.sink().tls().caSecret());
    }
    Map<String, String> values = new LinkedHashMap<>();
    refs.forEach((field, ref) -> {
      String value = env.apply(ref.envVarName());
      if (value == null) {
        throw new ConfigException(field, ref + " is read from environment variable " + ref.envVarName()
            + ", which is not set");
      }
      values.put(ref.envVarName(), value);
    });
    return new Secrets(values);
  }
}
