package io.dsqlcdc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** Runs deploy/argocd/health.lua the way Argo CD does: a global {@code obj}, a returned {status, message}. */
class ArgoCdHealthCheckTest {
  static final Path SCRIPT = Path.of("argocd/health.lua");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  record Health(String status, String message) {
  }

  static Health health(String resourceYaml) throws IOException {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(YAML.readTree(resourceYaml)));
    LuaValue result = globals.load(Files.readString(SCRIPT), "health.lua").call();
    return new Health(result.get("status").tojstring(), result.get("message").optjstring(""));
  }

  static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isIntegralNumber()) {
      return LuaValue.valueOf(node.asLong());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }

  static String pipeline(String spec, String status) {
    return "metadata: {name: p, generation: 3}\nspec: " + spec + "\n" + (status == null ? "" : "status: " + status);
  }

  @Test
  void readyForTheCurrentGenerationIsHealthy() throws IOException {
    Health h = health(pipeline("{state: running}", """
        {observedGeneration: 3, phase: Streaming, tablesReady: 3/3,
         conditions: [{type: Ready, status: "True", reason: Ready}]}"""));
    assertThat(h).isEqualTo(new Health("Healthy", "Streaming: 3/3 tables ready"));
  }

  @Test
  void readyFalseForAFailureIsDegradedWithTheReason() throws IOException {
    Health h = health(pipeline("{}", """
        {observedGeneration: 3, phase: Failed,
         conditions: [{type: Ready, status: "False", reason: SecretNotFound, message: "secret confluent not found"}]}"""));
    assertThat(h).isEqualTo(new Health("Degraded", "SecretNotFound: secret confluent not found"));
  }

  @Test
  void readyFalseWhileStartingIsProgressing() throws IOException {
    Health h = health(pipeline("{}", """
        {observedGeneration: 3, phase: Pending,
         conditions: [{type: Ready, status: "False", reason: Starting, message: "waiting for the pod"}]}"""));
    assertThat(h.status()).isEqualTo("Progressing");
  }

  @Test
  void readyUnknownIsProgressing() throws IOException {
    Health h = health(pipeline("{}", """
        {observedGeneration: 3, conditions: [{type: Ready, status: "Unknown", reason: RuntimeUnreachable}]}"""));
    assertThat(h.status()).isEqualTo("Progressing");
  }

  @Test
  void aStatusForAnOlderGenerationIsProgressingEvenWhenItSaysReady() throws IOException {
    Health h = health(pipeline("{}", """
        {observedGeneration: 2, conditions: [{type: Ready, status: "True", reason: Ready}]}"""));
    assertThat(h).isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 3"));
  }

  @Test
  void aPipelineWithoutStatusIsProgressing() throws IOException {
    assertThat(health(pipeline("{}", null)).status()).isEqualTo("Progressing");
  }

  @Test
  void aStoppedPipelineIsSuspended() throws IOException {
    Health h = health(pipeline("{state: stopped}", """
        {observedGeneration: 3, phase: Stopped, conditions: [{type: Ready, status: "False", reason: Stopped}]}"""));
    assertThat(h.status()).isEqualTo("Suspended");
  }

  @Test
  void theArgoCdConfigMapSnippetCarriesTheSameScript() throws IOException {
    JsonNode cm = YAML.readTree(Path.of("argocd/argocd-cm-health-check.yaml").toFile());
    String embedded = cm.at("/data/resource.customizations.health.dsqlcdc.io_DsqlCdcPipeline").asText();
    assertThat(embedded.strip()).isEqualTo(Files.readString(SCRIPT).strip());
  }
}
