package io.dsqlcdc.capture.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsqlcdc.api.spec.SinkSpec;
import io.dsqlcdc.capture.config.ConfigLoader;
import io.dsqlcdc.capture.config.PipelineConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {
  private static PipelineConfig config(String sinkExtra, Map<String, String> env) {
    String yaml = """
        source: {endpoints: [localhost], user: capture, auth: {type: password, passwordSecret: {name: pg, key: pw}}, tls: {mode: disable}}
        tables: [{name: t, cursor: c}]
        sink:
          bootstrapServers: broker:9092
          topicPrefix: p
        """ + sinkExtra.indent(2);
    return new ConfigLoader(env::get).parse(yaml);
  }

  @Test
  void saslPlainUsesSecretsFromTheEnvironment() {
    PipelineConfig c = config("authentication: {type: plain, usernameSecret: {name: k, key: user}, passwordSecret: {name: k, key: pass}}",
        Map.of("SECRET_PG_PW", "x", "SECRET_K_USER", "alice", "SECRET_K_PASS", "pa\"ss"));
    Map<String, Object> p = new KafkaClientProperties(c.spec().sink(), c.secrets()).common();
    assertThat(p).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "PLAIN");
    assertThat((String) p.get("sasl.jaas.config"))
        .isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\"pa\\\"ss\";");
  }

  @Test
  void mtlsUsesPemCertificatesAndTls() {
    PipelineConfig c = config("""
        tls: {enabled: true, caSecret: {name: ca, key: pem}}
        authentication: {type: mtls, certificateSecret: {name: cl, key: crt}, keySecret: {name: cl, key: key}}""",
        Map.of("SECRET_PG_PW", "x", "SECRET_CA_PEM", "CA", "SECRET_CL_CRT", "CRT", "SECRET_CL_KEY", "KEY"));
    Map<String, Object> p = new KafkaClientProperties(c.spec().sink(), c.secrets()).common();
    assertThat(p).containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.truststore.certificates", "CA")
        .containsEntry("ssl.keystore.type", "PEM").containsEntry("ssl.keystore.certificate.chain", "CRT")
        .containsEntry("ssl.keystore.key", "KEY");
  }

  @Test
  void awsMskIamIsOauthBearerOverTlsSignedByTheMskLibraryForTheSpecsRegion() {
    PipelineConfig c = config("""
        tls: {enabled: true}
        authentication: {type: aws-msk-iam, region: eu-west-1}""", Map.of("SECRET_PG_PW", "x"));
    Map<String, Object> p = new KafkaClientProperties(c.spec().sink(), c.secrets()).common();
    assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "OAUTHBEARER")
        .containsEntry("sasl.login.callback.handler.class", "software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler")
        .containsEntry("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler")
        .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
            + "awsMskRegionProvider=\"io.dsqlcdc.capture.sink.FixedSigningRegion?region=eu-west-1\";");
  }

  @Test
  void awsMskIamTakesTheRegionFromMskBrokerNamesWhenTheSpecHasNone() {
    PipelineConfig c = config("""
        tls: {enabled: true}
        authentication: {type: aws-msk-iam}""", Map.of("SECRET_PG_PW", "x"));
    SinkSpec sink = c.spec().sink();
    SinkSpec msk = new SinkSpec("b-1.cdc.x1y2z3.c2.kafka.ap-southeast-2.amazonaws.com:9098,"
        + "b-2.cdc.x1y2z3.c2.kafka.ap-southeast-2.amazonaws.com:9098", sink.topicPrefix(), sink.authentication(),
        sink.tls(), sink.format(), sink.topics(), sink.producer());
    assertThat((String) new KafkaClientProperties(msk, c.secrets()).common().get("sasl.jaas.config"))
        .endsWith("awsMskRegionProvider=\"io.dsqlcdc.capture.sink.FixedSigningRegion?region=ap-southeast-2\";");
  }

  @Test
  void producerOverridesApplyButExactlyOnceSettingsStay() {
    PipelineConfig c = config("producer: {compression.type: zstd, linger.ms: '20'}", Map.of("SECRET_PG_PW", "x"));
    Map<String, Object> p = new KafkaClientProperties(c.spec().sink(), c.secrets()).producer("dsqlcdc-p");
    assertThat(p).containsEntry("compression.type", "zstd").containsEntry("linger.ms", "20")
        .containsEntry("transactional.id", "dsqlcdc-p").containsEntry("enable.idempotence", "true")
        .containsEntry("acks", "all");
  }
}
