package io.dsqlcdc.operator;

import io.dsqlcdc.api.DsqlCdcPipeline;
import io.dsqlcdc.api.spec.DsqlCdcPipelineSpec;
import io.dsqlcdc.api.spec.KafkaAuthType;
import io.dsqlcdc.api.spec.KafkaAuthentication;
import io.dsqlcdc.api.spec.PipelineState;
import io.dsqlcdc.api.spec.SecretKeyRef;
import io.dsqlcdc.api.spec.SinkSpec;
import io.dsqlcdc.api.spec.SourceAuth;
import io.dsqlcdc.api.spec.SourceSpec;
import io.dsqlcdc.api.spec.TableSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Pipelines and Secrets for tests: a DSQL source with IAM auth and a SASL/PLAIN Kafka sink. */
public final class TestPipelines {
  public static final String NAMESPACE = "test";
  public static final String ROLE_ARN = "arn:aws:iam::978300727880:role/producer-api-bastion-role";
  public static final String ENDPOINT = "vftmkydwxvxys6asbsc6ih2the.dsql-fnh4.us-east-1.on.aws";
  public static final SecretKeyRef KAFKA_USER = new SecretKeyRef("confluent", "api-key");
  public static final SecretKeyRef KAFKA_PASSWORD = new SecretKeyRef("confluent", "api-secret");

  private TestPipelines() {
  }

  public static DsqlCdcPipelineSpec spec() {
    return new DsqlCdcPipelineSpec(PipelineState.RUNNING,
        new SourceSpec(List.of(ENDPOINT), null, null, null, "dsql_iam_user", SourceAuth.iam(ROLE_ARN), null, null),
        List.of(new TableSpec("public.event_headers", "created_at"), new TableSpec("public.orders", "updated_at")),
        null,
        new SinkSpec("pkc-oxqxx9.us-east-1.aws.confluent.cloud:9092", "dsql-cdc",
            KafkaAuthentication.sasl(KafkaAuthType.PLAIN, KAFKA_USER, KAFKA_PASSWORD), null, null, null, null),
        null, null, null);
  }

  public static DsqlCdcPipeline pipeline(String name) {
    return pipeline(name, spec());
  }

  public static DsqlCdcPipeline pipeline(String name, DsqlCdcPipelineSpec spec) {
    DsqlCdcPipeline p = new DsqlCdcPipeline();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withUid("uid-" + name)
        .withGeneration(1L).build());
    p.setSpec(spec);
    return p;
  }

  public static DsqlCdcPipelineSpec withState(DsqlCdcPipelineSpec s, PipelineState state) {
    return new DsqlCdcPipelineSpec(state, s.source(), s.tables(), s.capture(), s.sink(), s.runtime(), s.restartNonce(),
        s.snapshotRequest());
  }

  public static DsqlCdcPipelineSpec withRestartNonce(DsqlCdcPipelineSpec s, String nonce) {
    return new DsqlCdcPipelineSpec(s.state(), s.source(), s.tables(), s.capture(), s.sink(), s.runtime(), nonce,
        s.snapshotRequest());
  }

  public static DsqlCdcPipelineSpec withSource(DsqlCdcPipelineSpec s, SourceSpec source) {
    return new DsqlCdcPipelineSpec(s.state(), source, s.tables(), s.capture(), s.sink(), s.runtime(), s.restartNonce(),
        s.snapshotRequest());
  }

  /** The Secret the default spec refers to, holding the given values. */
  public static Secret kafkaSecret(String apiKey, String apiSecret) {
    return secret(KAFKA_USER.name(), Map.of(KAFKA_USER.key(), apiKey, KAFKA_PASSWORD.key(), apiSecret));
  }

  public static Secret secret(String name, Map<String, String> values) {
    Map<String, String> data = new java.util.TreeMap<>();
    values.forEach((k, v) -> data.put(k, base64(v)));
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
        .withData(data).build();
  }

  public static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
