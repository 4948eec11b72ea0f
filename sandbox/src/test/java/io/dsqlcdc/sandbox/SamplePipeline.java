package io.dsqlcdc.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.testsupport.kafka.KafkaExtension;
import io.dsqlcdc.testsupport.postgres.PostgresExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The sandbox's sample pipeline pointed at a test's PostgreSQL, one table of it and Kafka's plain listener: the
 * runtime reads it as its config file, the operator as the resource.
 */
public final class SamplePipeline {
  public static final Path SAMPLE = Path.of("../samples/sandbox.yaml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final ObjectNode pipeline;

  public SamplePipeline(String namespace, String name, String table, PostgresExtension pg, KafkaExtension kafka) {
    try {
      pipeline = (ObjectNode) YAML.readTree(SAMPLE.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ((ObjectNode) pipeline.get("metadata")).put("name", name).put("namespace", namespace);
    ObjectNode spec = (ObjectNode) pipeline.get("spec");
    ObjectNode source = (ObjectNode) spec.get("source");
    source.putArray("endpoints").add(pg.host());
    source.put("port", pg.port()).put("database", pg.database()).put("user", pg.captureUser());
    source.with("tls").put("caFile", pg.caCertificateFile().toString());
    spec.putArray("tables").addObject().put("name", table).put("cursor", "updated_at");
    ObjectNode sink = (ObjectNode) spec.get("sink");
    sink.remove("authentication");
    sink.put("bootstrapServers", kafka.bootstrapServers()).put("topicPrefix", name);
  }

  /**
   * Stream mode: relays {@code kinesisStreamArn} at {@code endpoint} from its horizon, watching the DSQL stream
   * {@code dsqlStreamArn} through {@code dsqlEndpoint}.
   */
  public SamplePipeline changeStream(String kinesisStreamArn, URI endpoint, String dsqlStreamArn, URI dsqlEndpoint) {
    ((ObjectNode) pipeline.get("spec").get("source")).putObject("changeStream")
        .put("kinesisStreamArn", kinesisStreamArn).put("endpoint", endpoint.toString())
        .put("startPosition", "trimHorizon").put("dsqlStreamArn", dsqlStreamArn)
        .put("dsqlEndpoint", dsqlEndpoint.toString());
    return this;
  }

  /** Writes the pipeline as the runtime's config file. */
  public Path writeTo(Path file) {
    try {
      YAML.writeValue(file.toFile(), pipeline);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public DsqlCdcPipeline resource() {
    return YAML.convertValue(pipeline, DsqlCdcPipeline.class);
  }

  /** The environment the runtime reads the sample's PostgreSQL password from. */
  public static Map<String, String> env(PostgresExtension pg) {
    return Map.of("SECRET_SANDBOX_POSTGRES_PASSWORD", pg.capturePassword());
  }
}
