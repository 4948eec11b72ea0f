package io.dsqlcdc.capture.sink;

import io.dsqlcdc.api.spec.KafkaAuthType;
import io.dsqlcdc.api.spec.KafkaAuthentication;
import io.dsqlcdc.api.spec.SinkSpec;
import io.dsqlcdc.capture.config.Secrets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler;

/** Every Kafka client's properties, built in one place from spec.sink and the secrets it references. */
public final class KafkaClientProperties {
  private final SinkSpec sink;
  private final Secrets secrets;

  public KafkaClientProperties(SinkSpec sink, Secrets secrets) {
    this.sink = sink;
    this.secrets = secrets;
  }

  /** Connection and security settings shared by producer, consumers and the admin client. */
  public Map<String, Object> common() {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, sink.bootstrapServers());
    KafkaAuthentication auth = sink.authentication();
    boolean tls = sink.tls().enabled();
    String mechanism = auth.type().saslMechanism();
    String protocol = mechanism != null ? (tls ? "SASL_SSL" : "SASL_PLAINTEXT") : (tls ? "SSL" : "PLAINTEXT");
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
    if (auth.type().usesPasswordSecrets()) {
      String module = auth.type() == KafkaAuthType.PLAIN
          ? "org.apache.kafka.common.security.plain.PlainLoginModule"
          : "org.apache.kafka.common.security.scram.ScramLoginModule";
      p.put(SaslConfigs.SASL_MECHANISM, mechanism);
      p.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + jaasEscape(secrets.value(auth.usernameSecret()))
          + "\" password=\"" + jaasEscape(secrets.value(auth.passwordSecret())) + "\";");
    }
    if (auth.type() == KafkaAuthType.AWS_MSK_IAM) {
      p.putAll(awsMskIam());
    }
    if (tls && sink.tls().caSecret() != null) {
      p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
      p.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, secrets.value(sink.tls().caSecret()));
    }
    if (auth.type() == KafkaAuthType.MTLS) {
      p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
      p.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, secrets.value(auth.certificateSecret()));
      p.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, secrets.value(auth.keySecret()));
    }
    return p;
  }

  /**
   * MSK IAM through the aws-msk-iam-auth library, as SASL/OAUTHBEARER: its login handler signs a
   * {@code kafka-cluster:Connect} request with the default credentials chain (IRSA, Pod Identity, environment, ...) and
   * sends the presigned URL as the token; the same handler refreshes it before it expires. The runtime resolves the
   * region itself, since Kafka's login reports the library's "region could not be resolved" without its text.
   */
  private Map<String, Object> awsMskIam() {
    String region = FixedSigningRegion.descriptor(MskSigningRegion.resolve(sink));
    return Map.of(
        SaslConfigs.SASL_MECHANISM, sink.authentication().type().saslMechanism(),
        SaslConfigs.SASL_JAAS_CONFIG, OAuthBearerLoginModule.class.getName() + " required awsMskRegionProvider=\""
            + region + "\";",
        SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, IAMOAuthBearerLoginCallbackHandler.class.getName(),
        SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, IAMOAuthBearerLoginCallbackHandler.class.getName());
  }

  /** The transactional producer: fast defaults, then spec.sink.producer, then the settings exactly-once needs. */
  public Map<String, Object> producer(String transactionalId) {
    Map<String, Object> p = common();
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.putAll(sink.producer());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** A consumer that sees only committed transactions and manages no group offsets. */
  public Map<String, Object> readCommittedConsumer() {
    Map<String, Object> p = common();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  private static String jaasEscape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
