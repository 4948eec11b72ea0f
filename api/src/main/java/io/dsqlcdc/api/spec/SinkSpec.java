package io.dsqlcdc.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** The Kafka cluster events go to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SinkSpec(
    @Required @Pattern("^[^,\\s]+:[0-9]{1,5}(,[^,\\s]+:[0-9]{1,5})*$")
    @JsonPropertyDescription("host:port[,host:port...]")
    String bootstrapServers,
    @Required @Pattern(TOPIC_PREFIX_PATTERN)
    @JsonPropertyDescription("Topics are named <topicPrefix>.<schema>.<table>.")
    String topicPrefix,
    @JsonPropertyDescription("SASL or mutual-TLS credentials; none by default.")
    KafkaAuthentication authentication,
    @JsonPropertyDescription("TLS to the brokers.")
    SinkTls tls,
    @JsonPropertyDescription("Event format.")
    FormatSpec format,
    @JsonPropertyDescription("Partitions and replication of topics the runtime creates; default: the broker's.")
    TopicSpec topics,
    @JsonPropertyDescription("kafka-clients producer overrides, e.g. compression.type: zstd.")
    Map<String, String> producer) {

  public static final String TOPIC_PREFIX_PATTERN = "^[A-Za-z0-9._-]{1,200}$";

  public SinkSpec {
    authentication = authentication == null ? KafkaAuthentication.none() : authentication;
    tls = tls == null ? new SinkTls(null, null) : tls;
    format = format == null ? FormatSpec.defaults() : format;
    producer = producer == null ? Map.of() : Map.copyOf(producer);
  }
}
